package io.cascadelab.dynamo;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything a dynamo node is told. The port comes from {@code server.port}, the AZ from {@code cascade.az}; the
 * announced address from {@code node.address}, else {@code server.address}.
 *
 * @param node          this node's identity as announced to the planner
 * @param capacity      where the node starts shedding load with ThrottlingException
 * @param announce      how often the node announces itself on Kafka (incident time)
 * @param tableCacheTtl how long a node trusts its cached table definitions (wall time: it bounds staleness
 *                      between nodes, not an incident process)
 */
@Validated
@ConfigurationProperties("cascade.dynamo")
public record DynamoProperties(@DefaultValue Node node,
                               @DefaultValue Capacity capacity,
                               @DefaultValue Announce announce,
                               @DefaultValue("1s") Duration tableCacheTtl) {

    /**
     * @param id          node id announced as the Kafka key; blank means {@code cascade.instance}
     * @param address     the IPv4 address announced for the planner's A records: a literal (on Kubernetes the pod's
     *                    IP, {@code status.podIP}), or a host name resolved at every announcement (a compose
     *                    service); blank means {@code server.address}, which must then not be a wildcard
     * @param ipv6Address the IPv6 address to publish for AAAA endpoints; blank for none
     */
    public record Node(@DefaultValue("") String id, @DefaultValue("") String address,
                       @DefaultValue("") String ipv6Address) {

        /** What this node announces: {@code address}, else the address its server is bound to. */
        public String announcedAddress(String serverAddress) {
            return address.isBlank() ? serverAddress : address;
        }
    }

    /**
     * @param requestsPerSecond wall-clock requests per second before throttling (token bucket, one second of
     *                          burst); 0 disables the rate limit. Real clients send at wall rates, so this is a
     *                          wall rate, not an incident one.
     * @param maxInFlight       concurrent requests before throttling; 0 disables the limit
     */
    public record Capacity(@DefaultValue("2000") @Min(0) int requestsPerSecond,
                           @DefaultValue("256") @Min(0) int maxInFlight) {
    }

    /**
     * @param enabled announce on Kafka (only when {@code spring.kafka.bootstrap-servers} is set)
     * @param period  incident-time period between announcements
     */
    public record Announce(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration period) {
    }
}
