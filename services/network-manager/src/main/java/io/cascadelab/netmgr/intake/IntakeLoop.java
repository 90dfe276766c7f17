package io.cascadelab.netmgr.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.netmgr.propagation.Backlog;
import io.cascadelab.netmgr.propagation.Change;
import io.cascadelab.netmgr.propagation.Propagator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * Moves instance events from Kafka into the {@link Backlog}, as fast as the {@link IntakeLimiter} allows. An event
 * that may not be admitted yet is not dropped: the partition is rewound to it and paused, so it waits in Kafka
 * (uncommitted) until the limiter has room. Offsets are committed for admitted events only.
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

    private void run() {
        Set<TopicPartition> paused = new HashSet<>();
        try (Consumer<String, String> kafka = consumers.createConsumer()) {
            consumer = kafka;
            kafka.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    paused.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                if (!paused.isEmpty() && admissible()) {
                    kafka.resume(paused);
                    paused.clear();
                }
                ConsumerRecords<String, String> records = kafka.poll(POLL);
                Map<TopicPartition, OffsetAndMetadata> admitted = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(partition)) {
                        InstanceEvent event = parse(record);
                        if (event != null) {
                            if (!admit(record, event)) {
                                // not now: leave it (and everything after it) in Kafka
                                kafka.seek(partition, record.offset());
                                kafka.pause(List.of(partition));
                                paused.add(partition);
                                break;
                            }
                        }
                        admitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (!admitted.isEmpty()) {
                    kafka.commitAsync(admitted, (offsets, failure) -> {
                        if (failure != null) {
                            log.debug("offset commit failed: {}", failure.toString());
                        }
                    });
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("intake stopped: {}", e.toString(), e);
        } finally {
            consumer = null;
        }
    }

    private boolean admissible() {
        int depth = backlog.depth();
        return depth < queueCapacity && limiter.available(depth);
    }

    private boolean admit(ConsumerRecord<String, String> record, InstanceEvent event) {
        int depth = backlog.depth();
        if (depth >= queueCapacity || !limiter.tryAdmit(depth)) {
            return false;
        }
        backlog.admit(new Change(event, record.offset() + 1)).ifPresent(dropped -> propagator.superseded());
        return true;
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
