package io.cascadelab.zone;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cascadelab.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Every committed batch is announced on Kafka, keyed by hosted zone id, with the serial and the names. */
@EmbeddedKafka(partitions = 1, topics = Topics.ZONE_CHANGES,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestPropertySource(properties = "logging.level.org.apache.kafka=WARN")
class ZoneChangeEventsTests extends ZoneTestSupport {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void aCommittedBatchIsPublishedAsZoneChangedKeyedByZoneId() throws Exception {
        String changeId;
        try (Route53Client r53 = route53()) {
            changeId = Route53ApiTests.apply(r53,
                    change(ChangeAction.UPSERT, "event.cascade.test.", RRType.A, 60, "10.30.0.1")).id();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "zone-events-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ZONE_CHANGES));
            JsonMapper json = JsonMapper.builder().build();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode found = null;
            String key = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = json.readTree(record.value());
                    if (changeId.endsWith(event.get("changeId").asString())) {
                        found = event;
                        key = record.key();
                    }
                }
            }
            assertThat(found).as("ZoneChanged for %s", changeId).isNotNull();
            assertThat(key).isEqualTo(ZONE_ID);
            assertThat(found.get("v").asInt()).isEqualTo(1);
            assertThat(found.get("hostedZoneId").asString()).isEqualTo(ZONE_ID);
            assertThat(found.get("serial").asLong()).isPositive();
            assertThat(found.get("names").toString()).contains("event.cascade.test.");
        }
    }
}
