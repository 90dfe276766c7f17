package io.cascadelab.planner.fleet;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Feeds {@link DynamoNodeAnnounced} events from Kafka into the {@link NodeRegistry}. */
@Component
class NodeAnnouncementListener {

    private static final Logger log = LoggerFactory.getLogger(NodeAnnouncementListener.class);

    private final NodeRegistry registry;
    private final JsonMapper json;

    NodeAnnouncementListener(NodeRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @KafkaListener(topics = Topics.DYNAMO_NODES)
    void onAnnouncement(String value) {
        try {
            registry.announced(json.readValue(value, DynamoNodeAnnounced.class));
        } catch (JacksonException | IllegalArgumentException e) {
            // one bad event must not stop the planner from hearing the rest of the fleet
            log.warn("ignoring node announcement: {}", e.getMessage());
        }
    }
}
