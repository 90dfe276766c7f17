package io.cascadelab.dynamo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.cascadelab.contracts.Topics;
import io.cascadelab.dynamo.node.LoadShedder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's identity on Kafka, its load shedding, and its metrics. */
class NodeTest {

    @Test
    void tokenBucketShedsPastCapacityAndRefills() {
        AtomicLong now = new AtomicLong();
        LoadShedder shedder = new LoadShedder(new DynamoProperties.Capacity(10, 0), now::get);
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            if (shedder.tryAdmit()) {
                admitted++;
                shedder.release();
            }
        }
        assertThat(admitted).isEqualTo(10);
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(shedder.tryAdmit()).isTrue();
    }

    @Test
    void inFlightCapShedsConcurrentRequests() {
        LoadShedder shedder = new LoadShedder(new DynamoProperties.Capacity(0, 2), System::nanoTime);
        assertThat(shedder.tryAdmit()).isTrue();
        assertThat(shedder.tryAdmit()).isTrue();
        assertThat(shedder.tryAdmit()).isFalse();
        shedder.release();
        assertThat(shedder.tryAdmit()).isTrue();
    }

    @Test
    void nodeAnnouncesItselfOnKafkaAndThrottlesWithThrottlingException() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.DYNAMO_NODES);
        broker.afterPropertiesSet();
        ConfigurableApplicationContext node = null;
        try {
            node = new SpringApplication(DynamoApplication.class).run(
                    "--server.port=0", "--server.address=127.0.0.1",
                    "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--cascade.instance=dynamo-az2", "--cascade.az=az2", "--cascade.time-scale=60",
                    "--cascade.dynamo.node.ipv6-address=::1",
                    "--cascade.dynamo.announce.period=60s",
                    "--cascade.dynamo.capacity.requests-per-second=5", "--cascade.dynamo.capacity.max-in-flight=0",
                    "--logging.structured.format.console=", "--logging.level.root=WARN");
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));

            List<JsonNode> announcements = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ConsumerConfig.GROUP_ID_CONFIG, "node-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.DYNAMO_NODES));
                var json = JsonMapper.builder().build();
                // 60 s of incident time at 60x is one wall second: expect at least two announcements quickly.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(record.key()).isEqualTo("dynamo-az2");
                        announcements.add(json.readTree(record.value()));
                    }
                    return announcements.size() >= 2;
                });
            }
            JsonNode first = announcements.get(0);
            assertThat(first.get("v").asInt()).isEqualTo(1);
            assertThat(first.get("nodeId").asString()).isEqualTo("dynamo-az2");
            assertThat(first.get("az").asString()).isEqualTo("az2");
            assertThat(first.get("address").asString()).isEqualTo("127.0.0.1");
            assertThat(first.get("ipv6Address").asString()).isEqualTo("::1");
            assertThat(first.get("port").asInt()).isEqualTo(port);
            assertThat(first.get("capacityRps").asInt()).isEqualTo(5);
            assertThat(first.get("healthy").asBoolean()).isTrue();

            int throttled = 0;
            try (DynamoDbClient client = Targets.client(URI.create("http://127.0.0.1:" + port))) {
                for (int i = 0; i < 30; i++) {
                    try {
                        client.listTables();
                    } catch (DynamoDbException e) {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        throttled++;
                    }
                }
            }
            assertThat(throttled).isGreaterThanOrEqualTo(20);
            var registry = node.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(registry.get("cascade.dynamo.throttles").counter().count()).isEqualTo(throttled);
            assertThat(registry.get("cascade.dynamo.errors").tag("type", "ThrottlingException").counter().count())
                    .isEqualTo(throttled);
            assertThat(registry.get("cascade.dynamo.requests").tag("operation", "ListTables").counter().count())
                    .isEqualTo(30 - throttled);
            assertThat(registry.get("cascade.dynamo.latency").tag("operation", "ListTables").timer().count())
                    .isEqualTo(30 - throttled);
        } finally {
            if (node != null) {
                node.close();
            }
            broker.destroy();
        }
    }
}
