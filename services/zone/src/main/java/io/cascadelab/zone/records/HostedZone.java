package io.cascadelab.zone.records;

import java.time.Instant;
import java.util.List;

/**
 * A hosted zone. {@code serial} is the SOA serial, bumped by every committed change batch.
 */
public record HostedZone(String id, String name, String callerReference, String comment, long serial,
                         long recordSetCount, List<String> nameServers, Instant createdAt) {

    public HostedZone {
        nameServers = List.copyOf(nameServers);
    }
}
