package io.cascadelab.enactor.zone;

import java.util.List;

/**
 * A Route 53 resource record set, simple routing only.
 *
 * @param name   fully qualified, with the trailing dot, lower case
 * @param type   A, AAAA, CNAME, TXT, ...
 * @param ttl    seconds (the zone serves TTLs as incident seconds)
 * @param values record values as Route 53 writes them (TXT values quoted)
 */
public record RecordSet(String name, String type, long ttl, List<String> values) {

    public RecordSet {
        values = List.copyOf(values);
    }
}
