package io.cascadelab.netmgr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.cascadelab.contracts.InstanceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Network Manager against a real KRaft broker and fake droplets, at 60x: one incident second is ~17 wall ms.
 * Each test has its own topic and consumer group.
 */
class NetworkManagerIntegrationTest {

    static final String TOKEN = "operator-secret";
    static final JsonMapper json = JsonMapper.builder().build();
    static final AtomicInteger topics = new AtomicInteger();

    static EmbeddedKafkaKraftBroker kafka;
    FakeDroplets droplets;
    ConfigurableApplicationContext manager;
    String topic;

    @BeforeAll
    static void broker() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        kafka.destroy();
    }

    @BeforeEach
    void fleet() throws Exception {
        droplets = new FakeDroplets();
        topic = "instances-" + topics.incrementAndGet();
        kafka.addTopics(new NewTopic(topic, 1, (short) 1));
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
        droplets.close();
    }

    void start(String mode, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.kafka.consumer.group-id=network-manager-" + topic,
                "--cascade.network-manager.topic=" + topic,
                "--cascade.network-manager.droplets-url=" + droplets.baseUrl(),
                "--cascade.mode=" + mode, "--cascade.faults.token=" + TOKEN,
                "--cascade.time-scale=60", "--cascade.seed=11",
                // one worker, 12 incident seconds of fan-out each (200 wall ms), no jitter, no congestion:
                // five propagations per wall second, so a burst of events queues
                "--cascade.network-manager.workers=1", "--cascade.network-manager.device-fanout=12s",
                "--cascade.network-manager.fanout-jitter=0", "--cascade.network-manager.congestion-depth=0",
                "--cascade.network-manager.propagation.initial-backoff=3s",
                "--logging.structured.format.console=", "--logging.level.root=WARN"));
        args.addAll(List.of(extra));
        manager = new SpringApplicationBuilder(NetworkManagerApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aBurstOfLaunchesBuildsABacklogAndPropagationLatencyShowsTheQueueing() {
        List<String> ids = launch(30);
        start("incident");
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge("cascade.netmgr.queue.depth") >= 20);
        // the oldest waiting event is many incident seconds old (one wall second is a minute)
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("cascade.netmgr.event.age.seconds") >= 60);
        assertThat(gauge("cascade.netmgr.intake.limit")).as("incident mode: no intake limit").isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> droplets.applied.keySet().containsAll(ids));
        Timer latency = registry().get("cascade.netmgr.propagation.latency").timer();
        assertThat(latency.count()).isEqualTo(30);
        // 30 changes one after another at ~200 ms each: the last waited ~6 s, the average ~3 s
        assertThat(latency.max(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(4.0);
        assertThat(latency.mean(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(2.0);
        assertThat(latency.takeSnapshot().percentileValues()).hasSize(2);
        assertThat(counter("cascade.netmgr.propagations", "outcome", "applied")).isEqualTo(30);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("cascade.netmgr.queue.depth") == 0
                && gauge("cascade.netmgr.event.age.seconds") == 0);

        // with the backlog gone, a new launch is propagated in about one fan-out
        double before = latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
        String fresh = launch(1).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> droplets.applied.containsKey(fresh));
        await().atMost(Duration.ofSeconds(2)).until(() -> latency.count() == 31);
        assertThat(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) - before).isLessThan(1500);
    }

    @Test
    void fixedModeAdmitsByQueueSizeAndLeavesTheRestWaitingInKafka() {
        List<String> ids = launch(30);
        // at 60x an incident minute is a wall second: at most 12 admitted per wall second with an empty queue
        // (more than the worker's 5), shrinking to 1 at depth 4
        start("fixed", "--cascade.network-manager.intake.max-per-minute=12",
                "--cascade.network-manager.intake.queue-ceiling=4",
                "--cascade.network-manager.intake.min-per-minute=1");
        int maxDepth = 0;
        int maxInKafka = 0;
        double maxWaitingGauge = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
        while (droplets.applied.size() < ids.size() && System.nanoTime() < deadline) {
            int depth = (int) gauge("cascade.netmgr.queue.depth");
            int inFlight = (int) gauge("cascade.netmgr.inflight");
            maxDepth = Math.max(maxDepth, depth);
            maxInKafka = Math.max(maxInKafka, ids.size() - droplets.applied.size() - depth - inFlight);
            maxWaitingGauge = Math.max(maxWaitingGauge, gauge("cascade.netmgr.intake.waiting"));
            assertThat(gauge("cascade.netmgr.intake.limit")).isBetween(1.0, 12.0);
            sleepQuietly(20);
        }
        assertThat(droplets.applied.keySet()).as("nothing is dropped").containsAll(ids);
        assertThat(maxDepth).as("the backlog stays near the queue ceiling").isLessThanOrEqualTo(6);
        assertThat(maxInKafka).as("the excess waited in Kafka").isGreaterThanOrEqualTo(15);
        assertThat(maxWaitingGauge).as("and the intake says so").isGreaterThanOrEqualTo(15);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("cascade.netmgr.intake.waiting") == 0);
        assertThat(counter("cascade.netmgr.propagations", "outcome", "applied")).isEqualTo(30);
    }

    @Test
    void operatorsRateLimitPropagationIntakeAtRunTime() {
        start("incident");
        RestClient http = RestClient.create("http://127.0.0.1:" + port());
        assertThat(runbook(http, null, Map.of("perMinute", 60)).value()).isEqualTo(401);
        assertThat(runbook(http, "Bearer wrong", Map.of("perMinute", 60)).value()).isEqualTo(401);
        assertThat(runbook(http, "Bearer " + TOKEN, Map.of("perMinute", 0)).value()).isEqualTo(400);
        // one per incident minute: one per wall second at 60x
        assertThat(runbook(http, "Bearer " + TOKEN, Map.of("perMinute", 1)).value()).isEqualTo(200);
        assertThat(gauge("cascade.netmgr.intake.limit")).isEqualTo(1);

        List<String> ids = launch(8);
        await().atMost(Duration.ofSeconds(20)).until(() -> droplets.applied.size() >= 1);
        sleepQuietly(1500);
        assertThat(droplets.applied.size()).as("about one per wall second").isBetween(1, 4);

        assertThat(http.delete().uri("/runbook/throttle").header("Authorization", "Bearer " + TOKEN)
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
        assertThat(gauge("cascade.netmgr.intake.limit")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> droplets.applied.keySet().containsAll(ids));
        assertThat(http.get().uri("/status").retrieve().body(String.class)).contains("\"mode\":\"incident\"");
    }

    @Test
    void aGoneInstanceIsNotRetriedAndATerminationDropsAWaitingLaunch() {
        droplets.hosted.add("i-flaky");
        droplets.failuresLeft.put("i-flaky", new AtomicInteger(2));
        // the request timeout is 1 incident minute, a wall second at 60x: the first attempt times out
        droplets.hosted.add("i-slow");
        droplets.slowFirstAttempt.put("i-slow", 2_500L);
        List<String> ids = launch(3);
        publish(InstanceEvent.Kind.LAUNCHED, "i-gone");
        publish(InstanceEvent.Kind.LAUNCHED, "i-flaky", "i-slow");
        publish(InstanceEvent.Kind.LAUNCHED, "i-doomed");
        publish(InstanceEvent.Kind.TERMINATED, "i-doomed");
        start("incident");

        await().atMost(Duration.ofSeconds(30)).until(() -> droplets.applied.containsKey("i-flaky")
                && droplets.applied.containsKey("i-slow") && droplets.applied.keySet().containsAll(ids));
        assertThat(droplets.attempts("i-slow")).as("a timed-out attempt is retried").isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("cascade.netmgr.propagations", "outcome", "nothing-to-remove") == 1);
        assertThat(droplets.attempts("i-gone")).as("404 is final").isEqualTo(1);
        assertThat(counter("cascade.netmgr.propagations", "outcome", "gone")).isEqualTo(1);
        assertThat(droplets.attempts("i-flaky")).as("503s are retried with backoff").isEqualTo(3);
        assertThat(droplets.attempts("i-doomed")).as("terminated before its turn: never configured").isZero();
        assertThat(counter("cascade.netmgr.propagations", "outcome", "superseded")).isEqualTo(1);
        // Its termination is not propagated either: no device and no droplet ever had its state. (Queued, it cost a
        // full fan-out, which during a backlog kept the backlog up.)
        assertThat(droplets.released).as("nothing released for a never-configured instance").doesNotContain("i-doomed");
        assertThat(counter("cascade.netmgr.propagations", "outcome", "removed")).isZero();
        assertThat(counter("cascade.netmgr.propagations", "outcome", "failed")).isZero();
    }

    @Test
    void changesForADropletWithoutALeaseWaitHeldUntilItIsLeasedAgainAndAreNeverGivenUp() {
        droplets.leased.set(false);
        List<String> ids = launch(2);
        publish(InstanceEvent.Kind.TERMINATED, "i-ended-in-the-outage");
        // deferred for 30 incident seconds = half a wall second; far more tries than the 4 attempts of a failure
        start("incident", "--cascade.network-manager.deferral=30s");

        await().atMost(Duration.ofSeconds(20)).until(() -> counter("cascade.netmgr.propagations", "outcome", "deferred") >= 15);
        assertThat(droplets.applied).isEmpty();
        assertThat(droplets.released).isEmpty();
        assertThat(gauge("cascade.netmgr.queue.depth") + gauge("cascade.netmgr.inflight")).as("all three held").isEqualTo(3);
        assertThat(gauge("cascade.netmgr.event.age.seconds")).as("and ageing").isGreaterThan(120);
        assertThat(droplets.attempts(ids.get(0))).isGreaterThan(4);

        droplets.leased.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> droplets.applied.keySet().containsAll(ids)
                && droplets.released.contains("i-ended-in-the-outage"));
        assertThat(counter("cascade.netmgr.propagations", "outcome", "applied")).isEqualTo(2);
        assertThat(counter("cascade.netmgr.propagations", "outcome", "removed")).isEqualTo(1);
        assertThat(counter("cascade.netmgr.propagations", "outcome", "failed")).isZero();
        Timer latency = registry().get("cascade.netmgr.propagation.latency").timer();
        assertThat(latency.count()).as("launches and the termination").isEqualTo(3);
        assertThat(latency.max(java.util.concurrent.TimeUnit.SECONDS)).as("the wait shows as latency").isGreaterThan(2.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("cascade.netmgr.queue.depth") == 0
                && gauge("cascade.netmgr.inflight") == 0);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Launches {@code n} instances droplets hosts, announced now. */
    List<String> launch(int n) {
        List<String> ids = IntStream.range(0, n).mapToObj(i -> String.format("i-%s%04d", topic.replace("instances-", "t"), i)
                + System.nanoTime() % 100000).toList();
        droplets.hosted.addAll(ids);
        publish(InstanceEvent.Kind.LAUNCHED, ids.toArray(String[]::new));
        return ids;
    }

    /** Publishes at once, through one producer, so events arrive together. */
    void publish(InstanceEvent.Kind kind, String... instanceIds) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            for (String instanceId : instanceIds) {
                InstanceEvent event = new InstanceEvent(InstanceEvent.VERSION, kind, instanceId, "d-az1-00001", "az1",
                        "app", Instant.now());
                producer.send(new ProducerRecord<>(topic, instanceId, json.writeValueAsString(event)));
            }
        }
    }

    HttpStatusCode runbook(RestClient http, String auth, Map<String, Object> body) {
        RestClient.RequestBodySpec request = http.post().uri("/runbook/throttle").contentType(MediaType.APPLICATION_JSON);
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return request.body(body).exchange((req, response) -> response.getStatusCode());
    }

    int port() {
        return ((WebServerApplicationContext) manager).getWebServer().getPort();
    }

    MeterRegistry registry() {
        return manager.getBean(MeterRegistry.class);
    }

    double gauge(String name) {
        return registry().get(name).gauge().value();
    }

    double counter(String name, String... tags) {
        Counter counter = registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
