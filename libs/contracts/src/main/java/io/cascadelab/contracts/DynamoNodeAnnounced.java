package io.cascadelab.contracts;

import java.time.Instant;

/**
 * A DynamoDB load-balancer node telling the DNS Planner it exists and how it is doing.
 *
 * @param v              schema version, {@link #VERSION}
 * @param nodeId         stable node identity, e.g. {@code dynamo-az1}
 * @param az             availability zone, e.g. {@code az1}
 * @param address        the IPv4 address clients connect to
 * @param ipv6Address    the IPv6 address published for AAAA endpoints (may be null)
 * @param port           the TCP port the node serves on
 * @param capacityRps    requests per second the node accepts before shedding load
 * @param healthy        whether the node considers itself able to serve
 * @param announcedAt    when the announcement was made (wall clock)
 */
public record DynamoNodeAnnounced(int v, String nodeId, String az, String address, String ipv6Address, int port,
                                  int capacityRps, boolean healthy, Instant announcedAt) {

    public static final int VERSION = 1;
}
