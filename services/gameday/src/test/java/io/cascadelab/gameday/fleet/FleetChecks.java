package io.cascadelab.gameday.fleet;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * What a running embedded fleet must do, asserted on a fleet a test has started the way {@code ./cascade up}
 * starts it. Shared so that one fleet start (minutes on two cores) serves both the fleet's checks and a game day.
 */
public final class FleetChecks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FleetChecks() {
    }

    /** Every instance ready and scraped, dynamo on distinct addresses, Kafka, PostgreSQL, endpoints, real DNS. */
    public static void assertTheFleetIsUpWithWorkingInfrastructure(FleetSupervisor supervisor) throws Exception {
        FleetSupervisor.Status status = supervisor.status();
        assertThat(status.ready()).isTrue();
        assertThat(status.instances()).hasSize(15).allSatisfy((name, instance) ->
                assertThat(instance.state()).as(name).isEqualTo(FleetSupervisor.InstanceState.READY));
        for (InstanceSpec instance : supervisor.layout().instances()) {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(
                    URI.create(instance.baseUrl() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(instance.name()).isEqualTo(200);
            assertThat(scrape.body()).as(instance.name())
                    .contains("cascade_faults_active{az=\"" + instance.az() + "\",instance=\"" + instance.name() + "\"}");
        }
        // Dynamo nodes really are on distinct addresses.
        assertThat(supervisor.layout().instances().stream().filter(i -> i.service().equals("dynamo"))
                .map(InstanceSpec::address)).containsExactly("127.0.1.1", "127.0.1.2", "127.0.1.3");
        assertKafkaRoundTrip(supervisor.layout().kafka());
        assertPostgresAnswers(supervisor.layout().jdbcUrl("postgres"));
        assertThat(supervisor.endpoints()).containsKeys("dns", "zoneApi", "hostedZoneId", "zoneName", "dynamoName",
                "dynamoPort", "ec2Api", "console", "kafka", "postgres", "credentials", "services");
        assertThat((String) supervisor.endpoints().get("hostedZoneId")).matches("Z[A-Z0-9]+");
        assertTheZoneAnswersOverRealDns();
    }

    public static void assertChaosReachesExactlyTheSelectedInstance(FleetSupervisor supervisor) throws Exception {
        LocalChaosRunner chaos = new LocalChaosRunner(supervisor.layout(), supervisor.faultToken(), Clock.systemUTC(),
                new SplittableRandom(1), supervisor::kill);
        chaos.apply(Files.readString(Path.of("../../chaos/enactor-latency.yaml")));
        assertThat(faultsOn(supervisor, "dns-enactor-az1")).contains("\"id\":\"enactor-latency\"");
        assertThat(faultsOn(supervisor, "dns-enactor-az2")).doesNotContain("enactor-latency");
        chaos.clear();
        assertThat(faultsOn(supervisor, "dns-enactor-az1")).doesNotContain("enactor-latency");
    }

    public static void assertAKilledInstanceIsReplaced(FleetSupervisor supervisor) {
        long before = supervisor.status().instances().get("dwfm-az2").pid();
        int restartsBefore = supervisor.status().instances().get("dwfm-az2").restarts();
        supervisor.kill("dwfm-az2");
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            FleetSupervisor.InstanceStatus replaced = supervisor.status().instances().get("dwfm-az2");
            assertThat(replaced.state()).isEqualTo(FleetSupervisor.InstanceState.READY);
            assertThat(replaced.pid()).isNotEqualTo(before);
            assertThat(replaced.restarts()).isEqualTo(restartsBefore + 1);
        });
        assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static String faultsOn(FleetSupervisor supervisor, String instance) throws Exception {
        String baseUrl = supervisor.layout().instances().stream().filter(i -> i.name().equals(instance)).findFirst()
                .orElseThrow().baseUrl();
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/faults"))
                .header("Authorization", "Bearer " + supervisor.faultToken()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    public static void assertTheZoneAnswersOverRealDns() throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", 25353));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("cascade.test."), Type.SOA,
                DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }

    public static void assertKafkaRoundTrip(String bootstrap) {
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

    public static void assertPostgresAnswers(String jdbcUrl) throws Exception {
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
