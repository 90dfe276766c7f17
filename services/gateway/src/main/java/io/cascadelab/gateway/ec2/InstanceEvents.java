package io.cascadelab.gateway.ec2;

import java.time.Clock;
import java.time.Duration;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces launches and terminations on {@link Topics#EC2_INSTANCES} (key = instance id), after the fleet has
 * done them. The API answers once the broker has the event (or gave up): a lost event means an instance whose
 * network configuration is never propagated, so it is logged loudly, but the instance exists and the answer says so.
 */
public final class InstanceEvents {

    private static final Logger log = LoggerFactory.getLogger(InstanceEvents.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Clock wall;
    private final Duration sendTimeout;

    public InstanceEvents(KafkaTemplate<String, String> kafka, JsonMapper json, Clock wall, Duration sendTimeout) {
        this.kafka = kafka;
        this.json = json;
        this.wall = wall;
        this.sendTimeout = sendTimeout;
    }

    Mono<Void> publish(InstanceEvent.Kind kind, String instanceId, String dropletId, String az, String owner) {
        InstanceEvent event = new InstanceEvent(InstanceEvent.VERSION, kind, instanceId, dropletId, az, owner,
                wall.instant());
        // send() blocks for metadata while the broker is unreachable (max.block.ms): keep it off the event loop
        return Mono.defer(() -> Mono.fromFuture(kafka.send(Topics.EC2_INSTANCES, instanceId, json.writeValueAsString(event))))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(sendTimeout)
                .doOnError(e -> log.atError().addKeyValue("instanceId", instanceId).addKeyValue("kind", kind)
                        .log("could not publish instance event: {}", e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }
}
