package io.cascadelab.enactor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cascadelab.contracts.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.awaitility.Awaitility.await;

/**
 * The real neighbours of the enactors, once per test JVM: PostgreSQL (zonky), a KRaft Kafka broker, the
 * {@code zone} service and the {@code dns-planner} service each as its own JVM from the jars the reactor
 * built (as the launcher runs them), and three DynamoDB load-balancer nodes announcing themselves on Kafka.
 */
final class Fleet {

    static final String ZONE = "cascade.test";
    static final String REGIONAL = "dynamodb.us-east-1.cascade.test";
    static final int ACCOUNTS = 40;
    static final String TOKEN = "gameday-token";

    private static Fleet instance;

    final int zoneHttpPort;
    final int zoneDnsPort;
    final int plannerPort;
    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaKraftBroker kafka;
    private final List<Process> processes = new ArrayList<>();
    private final ScheduledExecutorService announcer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dynamo-announcer");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newHttpClient();

    static synchronized Fleet get() {
        if (instance == null) {
            instance = new Fleet();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    private Fleet() {
        try {
            postgres = EmbeddedPostgres.builder().start();
            for (String database : List.of("zone", "planner")) {
                try (var connection = postgres.getPostgresDatabase().getConnection();
                     var statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.DYNAMO_NODES, Topics.DNS_PLANS);
        kafka.afterPropertiesSet();

        zoneHttpPort = freePort();
        zoneDnsPort = freePort();
        plannerPort = freePort();
        start("zone", List.of(
                "--server.port=" + zoneHttpPort,
                "--spring.datasource.url=" + jdbcUrl("zone"),
                "--cascade.zone.dns.address=127.0.0.1",
                "--cascade.zone.dns.port=" + zoneDnsPort,
                "--cascade.zone.default-zone.name=" + ZONE + ".",
                "--cascade.zone.default-zone.negative-ttl=5s",
                // these tests' timings (40 accounts, K = 6, 300 ms of chaos) assume an API that answers at once: with
                // the default 25 ms a call, a healthy pass would span three of the six generations K keeps
                "--cascade.zone.api.latency=0ms"));
        start("dns-planner", List.of(
                "--server.port=" + plannerPort,
                "--spring.datasource.url=" + jdbcUrl("planner"),
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--cascade.planner.planning-interval=1m",
                "--cascade.planner.endpoints.accounts=" + ACCOUNTS));
        announcer.scheduleAtFixedRate(this::announceNodes, 0, 1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> healthy(zoneHttpPort) && healthy(plannerPort));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(plannerPort, "/plans/latest").isPresent());
    }

    String zoneApi() {
        return "http://127.0.0.1:" + zoneHttpPort;
    }

    String plannerUrl() {
        return "http://127.0.0.1:" + plannerPort;
    }

    /** The addresses a real DNS query for {@code name} returns (following the zone's CNAME), empty if none. */
    List<String> addresses(String name) {
        List<String> v4 = answer(name, Type.A).stream().filter(r -> r.getType() == Type.A).map(Record::rdataToString)
                .toList();
        if (!v4.isEmpty()) {
            return v4;
        }
        // the IPv6 endpoint has only AAAA records
        return answer(name, Type.AAAA).stream().filter(r -> r.getType() == Type.AAAA).map(Record::rdataToString)
                .toList();
    }

    /** The generation of the plan record set the endpoint's CNAME names, as DNS answers it. */
    Optional<Long> generationInDns(String name) {
        return answer(name, Type.A).stream().filter(r -> r.getType() == Type.CNAME)
                .map(r -> r.rdataToString())
                .filter(target -> target.matches("g\\d+\\..*"))
                .map(target -> Long.parseLong(target.substring(1, target.indexOf('.'))))
                .findFirst();
    }

    private List<Record> answer(String name, int type) {
        try {
            SimpleResolver resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(zoneDnsPort);
            resolver.setTCP(true);
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
            if (response.getRcode() != Rcode.NOERROR && response.getRcode() != Rcode.NXDOMAIN) {
                throw new IllegalStateException("DNS " + Rcode.string(response.getRcode()) + " for " + name);
            }
            return response.getSection(Section.ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All endpoint names of the newest plan. */
    List<String> endpoints() {
        String json = get(plannerPort, "/plans/latest").orElseThrow();
        List<String> names = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\"name\":\"([^\"]+)\"").matcher(json);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    long newestPlan() {
        String json = get(plannerPort, "/plans/latest").orElseThrow();
        var matcher = java.util.regex.Pattern.compile("\"generation\":(\\d+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    HttpResponse<String> post(int port, String path, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody());
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> get(int port, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private boolean healthy(int port) {
        return get(port, "/actuator/health").map(body -> body.contains("\"UP\"")).orElse(false);
    }

    private KafkaProducer<String, String> producer;

    private synchronized void announceNodes() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString()),
                    new StringSerializer(), new StringSerializer());
        }
        for (int i = 1; i <= 3; i++) {
            String json = "{\"v\":1,\"nodeId\":\"dynamo-az" + i + "\",\"az\":\"az" + i + "\",\"address\":\"127.0.1." + i
                    + "\",\"ipv6Address\":\"fd00::" + i + "\",\"port\":8000,\"capacityRps\":" + (1000 * i)
                    + ",\"healthy\":true,\"announcedAt\":\"" + Instant.now() + "\"}";
            producer.send(new ProducerRecord<>(Topics.DYNAMO_NODES, "dynamo-az" + i, json));
        }
    }

    private void start(String service, List<String> args) {
        Path jar = Path.of("..", service, "target", service + ".jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: build with ./mvnw -pl services/dns-enactor -am verify");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--cascade.time-scale=60", "--cascade.seed=7", "--logging.level.root=WARN",
                "--logging.structured.format.console="));
        command.addAll(args);
        try {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(service + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            processes.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        announcer.shutdownNow();
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
        kafka.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting
        }
    }
}
