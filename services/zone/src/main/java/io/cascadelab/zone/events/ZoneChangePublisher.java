package io.cascadelab.zone.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.cascadelab.contracts.Topics;
import io.cascadelab.contracts.ZoneChanged;
import io.cascadelab.zone.records.CommittedBatch;
import io.cascadelab.zone.records.CommittedBatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a {@link ZoneChanged} per committed batch on {@link Topics#ZONE_CHANGES}, keyed by hosted zone id.
 * Publishing happens off the request thread, through a bounded queue, and never fails the API call: a
 * failure is logged and counted. Order per zone is kept (one sender thread, one partition per key).
 */
public final class ZoneChangePublisher implements CommittedBatchListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZoneChangePublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Counter published;
    private final Counter failed;
    private final ThreadPoolExecutor sender;

    public ZoneChangePublisher(KafkaTemplate<String, String> kafka, JsonMapper json, MeterRegistry registry) {
        this.kafka = kafka;
        this.json = json;
        this.published = Counter.builder("cascade.zone.events.published").register(registry);
        this.failed = Counter.builder("cascade.zone.events.failed")
                .description("ZoneChanged events that could not be published (the change itself was applied)")
                .register(registry);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread thread = new Thread(r, "zone-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void committed(CommittedBatch batch) {
        List<String> names = batch.after().keySet().stream().map(k -> k.name()).distinct().sorted().toList();
        ZoneChanged event = new ZoneChanged(ZoneChanged.VERSION, batch.zoneId(), batch.change().id(),
                batch.change().serial(), names, batch.change().submittedAt());
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            failed.increment();
            log.warn("zone change event queue full; dropped event for change {}", event.changeId());
        }
    }

    private void send(ZoneChanged event) {
        try {
            kafka.send(Topics.ZONE_CHANGES, event.hostedZoneId(), json.writeValueAsString(event))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failed.increment();
                            log.warn("could not publish zone change {}: {}", event.changeId(), error.toString());
                        } else {
                            published.increment();
                        }
                    });
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("could not publish zone change {}: {}", event.changeId(), e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
