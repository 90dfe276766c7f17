package io.cascadelab.gameday.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole embedded fleet, started the way {@code ./cascade up} starts it: real PostgreSQL, a real KRaft
 * broker, and every service instance as its own JVM from the jars the reactor just built.
 */
class EmbeddedFleetTest {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theFleetComesUpWithWorkingInfrastructureAndStopsWithoutLeavingAProcess() throws Exception {
        FleetSupervisor supervisor = new FleetSupervisor(TestFleets.fleet(stateDir, Map.of(), Duration.ofSeconds(180)),
                TestFleets.run(), Clock.systemUTC(), "test-token");
        try {
            supervisor.start();
            FleetSupervisor.Status status = supervisor.status();
            assertThat(status.ready()).isTrue();
            assertThat(status.instances()).hasSize(15).allSatisfy((name, instance) ->
                    assertThat(instance.state()).as(name).isEqualTo(FleetSupervisor.InstanceState.READY));

            for (InstanceSpec instance : supervisor.layout().instances()) {
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                        URI.create(instance.baseUrl() + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(scrape.statusCode()).as(instance.name()).isEqualTo(200);
                assertThat(scrape.body()).as(instance.name())
                        .contains("cascade_faults_active{az=\"" + instance.az() + "\",instance=\"" + instance.name() + "\"}");
            }
            // Dynamo nodes really are on distinct addresses.
            assertThat(supervisor.layout().instances().stream().filter(i -> i.service().equals("dynamo"))
                    .map(InstanceSpec::address)).containsExactly("127.0.1.1", "127.0.1.2", "127.0.1.3");

            assertChaosReachesExactlyTheSelectedInstance(supervisor);
            assertAKilledInstanceIsReplaced(supervisor);
            assertKafkaRoundTrip(supervisor.layout().kafka());
            assertPostgresAnswers(supervisor.layout().jdbcUrl("postgres"));
            assertThat(supervisor.endpoints()).containsKeys("dns", "zoneApi", "hostedZoneId", "zoneName", "dynamoName",
                    "dynamoPort", "ec2Api", "console", "kafka", "postgres", "credentials", "services");
            assertThat((String) supervisor.endpoints().get("hostedZoneId")).matches("Z[A-Z0-9]+");
            assertTheZoneAnswersOverRealDns();
        } finally {
            supervisor.stop();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    void aServiceThatCannotStartStopsEverythingAndNamesItsLog() {
        // A heap too small for the JVM to start: the zone process exits at once.
        FleetSupervisor supervisor = new FleetSupervisor(
                TestFleets.fleet(stateDir, Map.of("zone", "1k"), Duration.ofSeconds(60)), TestFleets.run(),
                Clock.systemUTC(), "test-token");
        assertThatThrownBy(supervisor::start)
                .isInstanceOf(FleetSupervisor.FleetStartException.class)
                .hasMessageContaining("zone exited during start-up")
                .hasMessageContaining(stateDir.resolve("logs").resolve("zone.log").toString());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        assertThat(stateDir.resolve("fleet-error")).exists();
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(28053, 1, InetAddress.getByName("127.0.0.1"))) {
            FleetSupervisor supervisor = new FleetSupervisor(TestFleets.fleet(stateDir, Map.of(), Duration.ofSeconds(5)),
                    TestFleets.run(), Clock.systemUTC(), "test-token");
            assertThatThrownBy(supervisor::start)
                    .hasMessage("port 127.0.0.1:28053 (zone) is already in use; is another fleet running? try ./cascade down");
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        }
    }

    private void assertChaosReachesExactlyTheSelectedInstance(FleetSupervisor supervisor) throws Exception {
        LocalChaosRunner chaos = new LocalChaosRunner(supervisor.layout(), "test-token", Clock.systemUTC(),
                new SplittableRandom(1), supervisor::kill);
        chaos.apply(Files.readString(Path.of("../../chaos/enactor-latency.yaml")));
        assertThat(faultsOn("http://127.0.0.1:28061")).contains("\"id\":\"enactor-latency\"");
        assertThat(faultsOn("http://127.0.0.1:28062")).doesNotContain("enactor-latency");
        chaos.clear();
        assertThat(faultsOn("http://127.0.0.1:28061")).doesNotContain("enactor-latency");
    }

    private static void assertAKilledInstanceIsReplaced(FleetSupervisor supervisor) {
        long before = supervisor.status().instances().get("dwfm-az2").pid();
        supervisor.kill("dwfm-az2");
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            FleetSupervisor.InstanceStatus replaced = supervisor.status().instances().get("dwfm-az2");
            assertThat(replaced.state()).isEqualTo(FleetSupervisor.InstanceState.READY);
            assertThat(replaced.pid()).isNotEqualTo(before);
            assertThat(replaced.restarts()).isEqualTo(1);
        });
        assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private String faultsOn(String baseUrl) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/faults"))
                .header("Authorization", "Bearer test-token").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertTheZoneAnswersOverRealDns() throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", 25353));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("cascade.test."), Type.SOA,
                DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }

    private static void assertKafkaRoundTrip(String bootstrap) {
        String topic = "fleet-test-" + UUID.randomUUID();
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrap);
        producerProps.put("key.serializer", StringSerializer.class.getName());
        producerProps.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "k", "hello from the fleet test")).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + bootstrap, e);
        }
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrap);
        consumerProps.put("group.id", "fleet-test");
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("key.deserializer", StringDeserializer.class.getName());
        consumerProps.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(record.value()).isEqualTo("hello from the fleet test");
                    return;
                }
            }
        }
        throw new AssertionError("the record never came back from " + bootstrap);
    }

    private static void assertPostgresAnswers(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet version = connection.createStatement().executeQuery("select version()")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getString(1)).startsWith("PostgreSQL 17");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl.replace("/postgres", "/zone"), "postgres",
                "postgres")) {
            assertThat(connection.isValid(2)).as("the zone database exists").isTrue();
        }
    }
}
