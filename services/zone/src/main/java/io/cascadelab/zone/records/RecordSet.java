package io.cascadelab.zone.records;

import java.util.List;

/**
 * One resource record set as Route 53 holds it: a name (absolute, lower case, trailing dot), a type, a TTL
 * in incident seconds, and the values in presentation format exactly as the client sent them.
 */
public record RecordSet(String name, String type, long ttl, List<String> values) {

    public RecordSet {
        values = List.copyOf(values);
    }

    public Key key() {
        return new Key(name, type);
    }

    /** A record set's identity inside a zone. */
    public record Key(String name, String type) {

        @Override
        public String toString() {
            return "[name='" + name + "', type='" + type + "']";
        }
    }
}
