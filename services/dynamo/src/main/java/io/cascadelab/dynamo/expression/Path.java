package io.cascadelab.dynamo.expression;

import java.util.List;
import java.util.Map;

import io.cascadelab.dynamo.item.Value;

/** A document path: top-level attribute name, then map keys (String) and list indexes (Integer). */
public record Path(List<Object> elements) {

    public Path {
        elements = List.copyOf(elements);
    }

    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    public String top() {
        return (String) elements.get(0);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** True when one path is a prefix of (or equal to) the other. */
    public boolean overlaps(Path other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    /** The value at this path, or null when any step is missing or of the wrong type. */
    public Value resolve(Map<String, Value> item) {
        if (item == null) {
            return null;
        }
        Value current = item.get(top());
        for (int i = 1; i < elements.size() && current != null; i++) {
            Object step = elements.get(i);
            if (step instanceof String key) {
                current = current instanceof Value.M m ? m.value().get(key) : null;
            } else {
                int index = (Integer) step;
                current = current instanceof Value.L l && index < l.value().size() ? l.value().get(index) : null;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
