package io.cascadelab.zone;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.cascadelab.zone.events.ZoneChangePublisher;
import io.cascadelab.zone.records.ChangeInfo;
import io.cascadelab.zone.records.CommittedBatch;
import io.cascadelab.zone.records.RecordSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class ZoneChangePublisherTests {

    @Test
    void anUnreachableBrokerIsCountedAndNeverThrowsIntoTheCommitPath() {
        var factory = new DefaultKafkaProducerFactory<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ZoneChangePublisher publisher = new ZoneChangePublisher(new KafkaTemplate<>(factory),
                JsonMapper.builder().build(), registry)) {
            RecordSet set = new RecordSet("a.cascade.test.", "A", 60, java.util.List.of("10.0.0.1"));
            CommittedBatch batch = new CommittedBatch("ZTEST", "cascade.test.",
                    new ChangeInfo("CTEST", "ZTEST", 2, Instant.parse("2025-10-20T06:48:00Z"), null),
                    Map.of(set.key(), Optional.of(set)));
            assertThatCode(() -> publisher.committed(batch)).doesNotThrowAnyException();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> registry.get("cascade.zone.events.failed").counter().count() == 1.0);
            assertThat(registry.get("cascade.zone.events.published").counter().count()).isZero();
        } finally {
            factory.destroy();
        }
    }
}
