package io.cascadelab.netmgr.intake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.netmgr.propagation.Backlog;
import io.cascadelab.netmgr.propagation.Change;
import io.cascadelab.netmgr.propagation.Propagator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves instance events from Kafka into the {@link Backlog}, as fast as the {@link IntakeLimiter} allows. Events
 * not admitted yet are not dropped: at most one poll's worth is held here, uncommitted, with the partitions paused,
 * and everything after them stays in Kafka. Offsets are committed for admitted events only, so a restart or a
 * rebalance re-reads whatever was held.
 */
public final class IntakeLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IntakeLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConsumerFactory<String, String> consumers;
    private final String topic;
    private final Backlog backlog;
    private final IntakeLimiter limiter;
    private final Propagator propagator;
    private final JsonMapper json;
    private final int queueCapacity;
    /** Polled but not yet admitted, in order; only the intake thread touches it. */
    private final Deque<ConsumerRecord<String, String>> held = new ArrayDeque<>();
    private volatile int heldCount;
    private volatile long lag;
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private Thread thread;

    public IntakeLoop(ConsumerFactory<String, String> consumers, String topic, Backlog backlog, IntakeLimiter limiter,
                      Propagator propagator, JsonMapper json, int queueCapacity) {
        this.consumers = consumers;
        this.topic = topic;
        this.backlog = backlog;
        this.limiter = limiter;
        this.propagator = propagator;
        this.json = json;
        this.queueCapacity = queueCapacity;
    }

    /**
     * Events not admitted yet: read but held here (uncommitted), plus the consumer's lag behind the end of its
     * partitions. In fixed mode this is where a backlog waits.
     */
    public long waiting() {
        return heldCount + lag;
    }

    private void run() {
        try (Consumer<String, String> kafka = consumers.createConsumer()) {
            consumer = kafka;
            kafka.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // uncommitted: whoever owns the partition next reads them again from the committed offset
                    held.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
                    heldCount = held.size();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!held.isEmpty()) {
                        kafka.pause(partitions);
                    }
                }
            });
            while (running) {
                Map<TopicPartition, OffsetAndMetadata> admitted = admitHeld();
                if (!admitted.isEmpty()) {
                    kafka.commitAsync(admitted, (offsets, failure) -> {
                        if (failure != null) {
                            log.debug("offset commit failed: {}", failure.toString());
                        }
                    });
                }
                Duration wait = POLL;
                if (held.isEmpty()) {
                    if (!kafka.paused().isEmpty()) {
                        kafka.resume(kafka.paused());
                    }
                } else {
                    kafka.pause(kafka.assignment());
                    Duration next = backlog.depth() >= queueCapacity ? POLL : limiter.untilAvailable(backlog.depth());
                    wait = next.compareTo(POLL) < 0 ? next.plusMillis(1) : POLL;
                }
                for (ConsumerRecord<String, String> record : kafka.poll(wait)) {
                    held.addLast(record);
                }
                heldCount = held.size();
                long behind = 0;
                for (TopicPartition partition : kafka.assignment()) {
                    behind += kafka.currentLag(partition).orElse(0);
                }
                lag = behind;
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("intake stopped: {}", e.toString(), e);
        } finally {
            consumer = null;
        }
    }

    /** Admits held events, oldest first, while the limiter and the queue bound allow; returns offsets to commit. */
    private Map<TopicPartition, OffsetAndMetadata> admitHeld() {
        Map<TopicPartition, OffsetAndMetadata> admitted = new HashMap<>();
        while (!held.isEmpty()) {
            ConsumerRecord<String, String> record = held.peekFirst();
            InstanceEvent event = parse(record);
            if (event != null) {
                int depth = backlog.depth();
                if (depth >= queueCapacity || !limiter.tryAdmit(depth)) {
                    break;
                }
                backlog.admit(new Change(event, record.offset() + 1)).ifPresent(propagator::superseded);
            }
            held.pollFirst();
            admitted.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        heldCount = held.size();
        return admitted;
    }

    private InstanceEvent parse(ConsumerRecord<String, String> record) {
        try {
            InstanceEvent event = json.readValue(record.value(), InstanceEvent.class);
            if (event.v() != InstanceEvent.VERSION || event.kind() == null || event.instanceId() == null) {
                log.warn("ignoring instance event at offset {}: unknown version or missing fields", record.offset());
                return null;
            }
            return event;
        } catch (JacksonException | IllegalArgumentException e) {
            // one bad event must not stop every later instance from getting its network
            log.warn("ignoring instance event at offset {}: {}", record.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "intake");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
