package io.cascadelab.planner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.contracts.PlanAnnounced;
import io.cascadelab.contracts.Topics;
import io.cascadelab.planner.plan.PlanningLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The planner against a real KRaft broker and a real PostgreSQL: nodes announced on Kafka become plans
 * covering every endpoint, plans are served, deleted and announced, a silent node drops out, and
 * generations keep rising across a restart on the same database.
 */
class PlannerIntegrationTest {

    static EmbeddedPostgres postgres;
    static EmbeddedKafkaKraftBroker kafka;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void infrastructure() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE planner");
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.DYNAMO_NODES, Topics.DNS_PLANS);
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stop() throws IOException {
        kafka.destroy();
        postgres.close();
    }

    static ConfigurableApplicationContext planner() {
        return new SpringApplicationBuilder(DnsPlannerApplication.class).run(
                "--server.port=0", "--spring.jmx.enabled=false",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "planner"),
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--cascade.time-scale=60", "--cascade.seed=5",
                // one plan every wall half-second; a node silent for 3 incident minutes (3 s) drops out
                "--cascade.planner.planning-interval=30s", "--cascade.planner.node-timeout=3m",
                "--cascade.planner.endpoints.accounts=7",
                "--logging.structured.format.console=", "--logging.level.root=WARN");
    }

    static void announce(String nodeId, String address, String ipv6, int capacity, boolean healthy) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            DynamoNodeAnnounced node = new DynamoNodeAnnounced(DynamoNodeAnnounced.VERSION, nodeId, "az1", address, ipv6,
                    8000, capacity, healthy, Instant.now());
            producer.send(new ProducerRecord<>(Topics.DYNAMO_NODES, nodeId, json.writeValueAsString(node)));
        }
    }

    @Test
    void announcedNodesBecomePlansCoveringEveryEndpointThatEnactorsCanReadAndDelete() {
        try (ConfigurableApplicationContext planner = planner()) {
            RestClient http = RestClient.create("http://127.0.0.1:"
                    + ((WebServerApplicationContext) planner).getWebServer().getPort());
            // Nodes keep announcing, as real ones do every period: on a loaded machine the planner's first
            // consumer-group join can take longer than the 3 s node timeout, making a single announcement stale.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                announce("dynamo-a", "127.0.1.1", "fd00::1", 1000, true);
                announce("dynamo-b", "127.0.1.2", null, 500, true);
                announce("dynamo-sick", "127.0.1.9", null, 500, false);
                return latest(http) != null && latest(http).get("endpoints").get(0).get("targets").size() == 2;
            });
            JsonNode plan = latest(http);
            List<String> names = plan.get("endpoints").valueStream().map(e -> e.get("name").asString()).toList();
            assertThat(names).hasSize(2 + 1 + 7).startsWith("dynamodb.us-east-1.cascade.test",
                    "dynamodb-fips.us-east-1.cascade.test", "dynamodb.us-east-1.api.cascade.test");
            assertThat(names.subList(3, 10)).allMatch(n -> n.matches("\\d{12}\\.ddb\\.us-east-1\\.cascade\\.test"));
            JsonNode regional = plan.get("endpoints").get(0);
            assertThat(regional.get("type").asString()).isEqualTo("A");
            assertThat(regional.get("targets").valueStream().map(t -> t.get("address").asString()))
                    .containsExactly("127.0.1.1", "127.0.1.2");
            assertThat(regional.get("targets").get(0).get("weight").asInt()).isEqualTo(255);
            assertThat(regional.get("targets").get(1).get("weight").asInt()).isEqualTo(128);
            JsonNode ipv6 = plan.get("endpoints").get(2);
            assertThat(ipv6.get("type").asString()).isEqualTo("AAAA");
            assertThat(ipv6.get("targets").valueStream().map(t -> t.get("address").asString())).containsExactly("fd00::1");

            // generations rise, are announced on Kafka and exported as a metric
            long generation = plan.get("generation").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> latest(http).get("generation").asLong() >= generation + 2);
            assertThat(planner.getBean(MeterRegistry.class).get("cascade.dns.plan.generation").gauge().value())
                    .isGreaterThanOrEqualTo(generation + 2);
            assertThat(announcedGenerations()).contains(generation, generation + 1);

            // an enactor's clean-up deletes a plan; it is gone, and a second delete finds nothing
            http.delete().uri("/plans/{g}", generation).retrieve().toBodilessEntity();
            assertThatThrownBy(() -> http.get().uri("/plans/{g}", generation).retrieve().body(String.class))
                    .isInstanceOf(HttpClientErrorException.NotFound.class);
            assertThatThrownBy(() -> http.delete().uri("/plans/{g}", generation).retrieve().toBodilessEntity())
                    .isInstanceOf(HttpClientErrorException.NotFound.class);
            assertThat(http.get().uri("/plans/{g}", generation + 1).retrieve().body(String.class)).contains("\"generation\":" + (generation + 1));

            // dynamo-b falls silent: after the node timeout it drops out of new plans
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                announce("dynamo-a", "127.0.1.1", "fd00::1", 1000, true);
                return latest(http).get("endpoints").get(0).get("targets").size() == 1;
            });
        }
    }

    @Test
    void generationsKeepRisingAcrossAPlannerRestartOnTheSameDatabase() {
        announce("dynamo-c", "127.0.1.3", null, 800, true);
        long before;
        try (ConfigurableApplicationContext planner = planner()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                announce("dynamo-c", "127.0.1.3", null, 800, true);
                return planner.getBean(PlanningLoop.class).generation() > 0;
            });
            before = planner.getBean(PlanningLoop.class).generation();
        }
        announce("dynamo-c", "127.0.1.3", null, 800, true);
        try (ConfigurableApplicationContext planner = planner()) {
            assertThat(planner.getBean(PlanningLoop.class).generation()).isGreaterThanOrEqualTo(before);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                announce("dynamo-c", "127.0.1.3", null, 800, true);
                return planner.getBean(PlanningLoop.class).generation() > before;
            });
        }
    }

    private static JsonNode latest(RestClient http) {
        try {
            return json.readTree(http.get().uri("/plans/latest").retrieve().body(String.class));
        } catch (HttpClientErrorException.NotFound e) {
            return null;
        }
    }

    private static List<Long> announcedGenerations() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.getBrokersAsString(),
                "group.id", "test-" + System.nanoTime(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.DNS_PLANS));
            List<Long> generations = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && generations.size() < 2) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    PlanAnnounced event = json.readValue(record.value(), PlanAnnounced.class);
                    assertThat(event.v()).isEqualTo(PlanAnnounced.VERSION);
                    assertThat(record.key()).isEqualTo(Long.toString(event.generation()));
                    generations.add(event.generation());
                }
            }
            return generations;
        }
    }
}
