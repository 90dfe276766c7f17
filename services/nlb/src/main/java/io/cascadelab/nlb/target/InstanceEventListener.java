package io.cascadelab.nlb.target;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Instances of owner {@code app} join the target group when launched and leave it when terminated. */
@Component
class InstanceEventListener {

    private static final Logger log = LoggerFactory.getLogger(InstanceEventListener.class);
    static final String OWNER = "app";

    private final TargetGroup targets;
    private final JsonMapper json;
    private final java.time.Clock wallClock;

    InstanceEventListener(TargetGroup targets, JsonMapper json, java.time.Clock wallClock) {
        this.targets = targets;
        this.json = json;
        this.wallClock = wallClock;
    }

    @KafkaListener(topics = Topics.EC2_INSTANCES)
    void onEvent(String value) {
        InstanceEvent event;
        try {
            event = json.readValue(value, InstanceEvent.class);
        } catch (JacksonException e) {
            log.warn("ignoring instance event: {}", e.getMessage());
            return;
        }
        if (event.v() != InstanceEvent.VERSION || event.kind() == null || event.instanceId() == null
                || !OWNER.equals(event.owner())) {
            return;
        }
        switch (event.kind()) {
            case LAUNCHED -> {
                if (event.az() != null) {
                    targets.register(event.instanceId(), event.az(), wallClock.instant());
                }
            }
            case TERMINATED -> targets.deregister(event.instanceId());
        }
    }
}
