package io.cascadelab.dynamo.expression;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.cascadelab.dynamo.api.DynamoException;
import io.cascadelab.dynamo.item.Value;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all its expressions,
 * recording which were used so that unused ones can be refused as DynamoDB refuses them.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
        this.names = names;
        this.values = values;
    }

    public boolean hasNames() {
        return names != null;
    }

    public boolean hasValues() {
        return values != null;
    }

    String name(String placeholder) {
        String name = names == null ? null : names.get(placeholder);
        if (name == null) {
            throw DynamoException.validation("An expression attribute name used in the document path is not defined;"
                    + " attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    Value value(String placeholder) {
        Value value = values == null ? null : values.get(placeholder);
        if (value == null) {
            throw DynamoException.validation("An expression attribute value used in expression is not defined;"
                    + " attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Called after every expression of the request has been parsed. */
    public void requireAllUsed() {
        if (names != null) {
            Set<String> unused = new TreeSet<>(names.keySet());
            unused.removeAll(usedNames);
            if (!unused.isEmpty()) {
                throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
        if (values != null) {
            Set<String> unused = new TreeSet<>(values.keySet());
            unused.removeAll(usedValues);
            if (!unused.isEmpty()) {
                throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                        + String.join(", ", unused) + "}");
            }
        }
    }
}
