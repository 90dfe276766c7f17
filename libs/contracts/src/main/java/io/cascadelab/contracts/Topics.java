package io.cascadelab.contracts;

/**
 * Kafka topic names, declared once. Every topic carries JSON-encoded event records from this package;
 * each record has a {@code v} (schema version) field so consumers can refuse what they do not understand.
 */
public final class Topics {

    /** Each DynamoDB load-balancer node announces its address, AZ, capacity and health. Keyed by node id. */
    public static final String DYNAMO_NODES = "cascade.dynamo.nodes";

    /** The DNS Planner announces every new plan generation. Keyed by generation. */
    public static final String DNS_PLANS = "cascade.dns.plans";

    /** The zone publishes every applied change batch. Keyed by hosted zone id. */
    public static final String ZONE_CHANGES = "cascade.zone.changes";

    /** Instance launches and terminations from the EC2 API. Keyed by instance id. */
    public static final String EC2_INSTANCES = "cascade.ec2.instances";

    /** Game-day timeline: detected events, chaos and operator actions. Keyed by run id. */
    public static final String GAMEDAY_EVENTS = "cascade.gameday.events";

    /** Every topic, so the fleet can create them before any service produces (no auto-creation races). */
    public static final java.util.List<String> ALL =
            java.util.List.of(DYNAMO_NODES, DNS_PLANS, ZONE_CHANGES, EC2_INSTANCES, GAMEDAY_EVENTS);

    private Topics() {
    }
}
