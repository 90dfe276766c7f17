package io.cascadelab.dynamo.node;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.contracts.Topics;
import io.cascadelab.platform.net.AnnouncedAddress;
import io.cascadelab.platform.time.ScaledScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Tells the DNS Planner this node exists: every announce period (incident time) a {@link DynamoNodeAnnounced}
 * on {@link Topics#DYNAMO_NODES}, keyed by node id, with address, AZ, capacity and health. The address is
 * {@link AnnouncedAddress#current() taken afresh} for every announcement.
 */
public final class NodeAnnouncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeAnnouncer.class);

    public record Identity(String nodeId, String az, AnnouncedAddress address, String ipv6Address, int capacityRps) {
    }

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final Clock clock;
    private final Identity identity;
    private final IntSupplier port;
    private final BooleanSupplier healthy;
    private ScheduledFuture<?> task;

    public NodeAnnouncer(KafkaTemplate<String, String> kafka, ObjectMapper json, Clock clock, Identity identity,
                         IntSupplier port, BooleanSupplier healthy) {
        this.kafka = kafka;
        this.json = json;
        this.clock = clock;
        this.identity = identity;
        this.port = port;
        this.healthy = healthy;
    }

    /** The first announcement goes out at once, off the start-up thread: a slow broker must not stop a node. */
    public void start(ScaledScheduler scheduler, java.time.Duration period) {
        scheduler.after(java.time.Duration.ZERO, "dynamo-announce", this::announce);
        task = scheduler.every(period, "dynamo-announce", this::announce);
    }

    /** This node as announced now; empty while its address cannot be told (nothing a client could reach). */
    public Optional<DynamoNodeAnnounced> current() {
        return identity.address().current().map(address -> new DynamoNodeAnnounced(DynamoNodeAnnounced.VERSION,
                identity.nodeId(), identity.az(), address,
                identity.ipv6Address().isBlank() ? null : identity.ipv6Address(), port.getAsInt(),
                identity.capacityRps(), healthy.getAsBoolean(), clock.instant()));
    }

    void announce() {
        Optional<DynamoNodeAnnounced> current = current();
        if (current.isEmpty()) {
            log.warn("{} not announced: '{}' does not resolve to an IPv4 address", identity.nodeId(),
                    identity.address().configured());
            return;
        }
        DynamoNodeAnnounced announcement = current.get();
        try {
            kafka.send(Topics.DYNAMO_NODES, announcement.nodeId(), json.writeValueAsString(announcement))
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            log.warn("announcement of {} failed: {}", announcement.nodeId(), failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            // send() throws when the broker's metadata does not arrive in time; the next period tries again.
            log.warn("announcement of {} failed: {}", announcement.nodeId(), e.toString());
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
