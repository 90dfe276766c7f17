package io.cascadelab.gateway;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.w3c.dom.Document;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The EC2 query API against fake DWFMs and droplets and a real KRaft broker: placements with AZ fallback,
 * capacity errors, the operators' throttle, bad input, describe and terminate, and the instance events.
 */
class Ec2ApiIntegrationTest {

    static final String TOKEN = "operator-secret";
    static final JsonMapper json = JsonMapper.builder().build();

    static EmbeddedKafkaKraftBroker kafka;
    static FakeFleet fleet;
    static ConfigurableApplicationContext gateway;
    static WebTestClient http;
    static KafkaConsumer<String, String> events;
    static final List<InstanceEvent> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.EC2_INSTANCES);
        kafka.afterPropertiesSet();
        fleet = new FakeFleet();
        gateway = startGateway(kafka.getBrokersAsString(), fleet.baseUrl());
        http = WebTestClient.bindToServer().baseUrl(baseUrl(gateway)).responseTimeout(Duration.ofSeconds(20)).build();
        events = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString()),
                new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(Topics.EC2_INSTANCES, 0);
        events.assign(List.of(partition));
        events.seekToBeginning(List.of(partition));
    }

    static ConfigurableApplicationContext startGateway(String brokers, String fleetUrl) {
        return new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--cascade.gateway.droplets-url=" + fleetUrl,
                "--cascade.gateway.dwfm-urls.az1=" + fleetUrl + "/az1",
                "--cascade.gateway.dwfm-urls.az2=" + fleetUrl + "/az2",
                "--cascade.gateway.dwfm-urls.az3=" + fleetUrl + "/az3",
                "--cascade.faults.token=" + TOKEN, "--cascade.time-scale=60", "--cascade.seed=7",
                "--logging.structured.format.console=", "--logging.level.root=WARN");
    }

    static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        events.close();
        gateway.close();
        fleet.close();
        kafka.destroy();
    }

    @BeforeEach
    void resetFleetAndThrottle() {
        fleet.reset();
        http.delete().uri("/runbook/throttle").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk();
    }

    // --- RunInstances -----------------------------------------------------------------------------------------

    @Test
    void runInstancesPlacesInTheRequestedAzAndAnnouncesTheLaunchAfterwards() {
        String xml = ok(launch("az2", "app"));
        String instanceId = xpath(xml, "/RunInstancesResponse/instancesSet/item/instanceId");
        assertThat(instanceId).matches("i-[0-9a-f]{17}");
        assertThat(xml).contains("xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"");
        assertThat(xpath(xml, "/RunInstancesResponse/instancesSet/item/placement/availabilityZone")).isEqualTo("az2");
        String dropletId = xpath(xml, "/RunInstancesResponse/instancesSet/item/placement/hostId");
        assertThat(dropletId).startsWith("d-az2-");
        assertThat(xpath(xml, "/RunInstancesResponse/instancesSet/item/instanceState/name")).isEqualTo("pending");
        assertThat(fleet.placementCalls).containsExactly("az2:" + instanceId);
        assertThat(fleet.instances.get(instanceId)).containsEntry("owner", "app");

        InstanceEvent event = awaitEvent(instanceId, InstanceEvent.Kind.LAUNCHED);
        assertThat(event.v()).isEqualTo(InstanceEvent.VERSION);
        assertThat(event.az()).isEqualTo("az2");
        assertThat(event.dropletId()).isEqualTo(dropletId);
        assertThat(event.owner()).isEqualTo("app");
        assertThat(counter("cascade.ec2.launches", "az", "az2", "outcome", "success")).isPositive();
    }

    @Test
    void withoutAnAzRequestedLaunchesRotateAndFallBackToAzsThatHaveCapacity() {
        fleet.freeSlots.get("az1").set(0);
        fleet.freeSlots.get("az2").set(0);
        for (int i = 0; i < 3; i++) {
            String xml = ok(launch(null, "app"));
            assertThat(xpath(xml, "/RunInstancesResponse/instancesSet/item/placement/availabilityZone")).isEqualTo("az3");
        }
        // every AZ was asked at least once (the rotation moves the start), the full ones answered no capacity
        assertThat(fleet.placementAzs()).contains("az1", "az2").filteredOn("az3"::equals).hasSize(3);
        assertThat(fleet.instances).hasSize(3);

        fleet.freeSlots.get("az1").set(5);
        fleet.freeSlots.get("az2").set(5);
        fleet.placementCalls.clear();
        List<String> azs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            azs.add(xpath(ok(launch(null, "app")), "/RunInstancesResponse/instancesSet/item/placement/availabilityZone"));
        }
        assertThat(azs).as("round robin over AZs with capacity").containsExactlyInAnyOrder("az1", "az2", "az3");
    }

    @Test
    void aRequestedAzWithoutCapacityIsInsufficientInstanceCapacityAndNoOtherAzIsTried() {
        fleet.freeSlots.get("az1").set(0);
        double before = counter("cascade.ec2.launches", "az", "az1", "outcome", "insufficient_capacity");
        error(launch("az1", "app"), 500, "InsufficientInstanceCapacity");
        assertThat(fleet.placementAzs()).containsExactly("az1");
        assertThat(fleet.instances).isEmpty();
        assertThat(counter("cascade.ec2.launches", "az", "az1", "outcome", "insufficient_capacity")).isEqualTo(before + 1);

        fleet.freeSlots.values().forEach(slots -> slots.set(0));
        fleet.placementCalls.clear();
        error(launch(null, "app"), 500, "InsufficientInstanceCapacity");
        assertThat(fleet.placementAzs()).containsExactlyInAnyOrder("az1", "az2", "az3");
        assertThat(counter("cascade.ec2.launches", "az", "any", "outcome", "insufficient_capacity")).isPositive();
    }

    @Test
    void aDwfmThatDoesNotAnswerInTimeIsAnInternalErrorAndNoOtherAzIsTried() {
        // call-timeout 2m is 2 wall seconds at 60x; this DWFM would answer "no capacity" after 3: the caller gets
        // InternalError (not InsufficientInstanceCapacity) because the gateway stopped waiting
        fleet.slowAzs.put("az1", 3_000L);
        fleet.freeSlots.get("az1").set(0);
        double before = counter("cascade.ec2.launches", "az", "az1", "outcome", "error");
        long start = System.nanoTime();
        error(launch("az1", "app"), 500, "InternalError");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(fleet.placementAzs()).containsExactly("az1");
        assertThat(counter("cascade.ec2.launches", "az", "az1", "outcome", "error")).isEqualTo(before + 1);
    }

    @Test
    void operatorsTightenAndRelaxTheRunInstancesThrottleAtRunTime() {
        http.post().uri("/runbook/throttle").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("perSecond", 1))
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/runbook/throttle").header("Authorization", "Bearer wrong")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("perSecond", 1))
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/runbook/throttle").header("Authorization", "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("perSecond", -1))
                .exchange().expectStatus().isBadRequest();
        assertThat(gauge("cascade.ec2.throttle.rate")).isEqualTo(2.0);

        // one launch per 1000 incident seconds (~17 wall seconds at 60x): the second launch is refused
        http.post().uri("/runbook/throttle").header("Authorization", "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("perSecond", 0.001, "burst", 1))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.perSecond").isEqualTo(0.001);
        assertThat(gauge("cascade.ec2.throttle.rate")).isEqualTo(0.001);
        ok(launch("az1", "app"));
        double throttled = counter("cascade.ec2.launches", "az", "az1", "outcome", "throttled");
        error(launch("az1", "app"), 503, "RequestLimitExceeded");
        assertThat(counter("cascade.ec2.launches", "az", "az1", "outcome", "throttled")).isEqualTo(throttled + 1);
        assertThat(fleet.instances).as("a throttled launch places nothing").hasSize(1);
        // describing is not throttled
        ok(http.get().uri("/?Action=DescribeInstances&Version=2016-11-15").exchange());

        http.delete().uri("/runbook/throttle").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk();
        assertThat(gauge("cascade.ec2.throttle.rate")).isEqualTo(2.0);
        // relaxed, the bucket refills at the default rate (2 per incident second: 120 per wall second at 60x)
        await().atMost(Duration.ofSeconds(5)).until(() -> launch("az1", "app").returnResult(String.class)
                .getStatus().value() == 200);
        ok(launch("az1", "app"));
    }

    @Test
    void badInputGetsEc2ErrorsAndChangesNothing() {
        error(http.get().uri("/?Action=RebootInstances&Version=2016-11-15").exchange(), 400, "InvalidAction");
        error(http.get().uri("/?Version=2016-11-15").exchange(), 400, "MissingParameter");
        MultiValueMap<String, String> two = form("RunInstances");
        two.add("MinCount", "2");
        two.add("MaxCount", "2");
        String message = xpath(error(post(two), 400, "InvalidParameterValue"), "/Response/Errors/Error/Message");
        assertThat(message).contains("MinCount and MaxCount must both be 1");
        MultiValueMap<String, String> noMax = form("RunInstances");
        noMax.add("MinCount", "1");
        error(post(noMax), 400, "MissingParameter");
        String zone = xpath(error(launch("us-east-1z", "app"), 400, "InvalidParameterValue"), "/Response/Errors/Error/Message");
        assertThat(zone).contains("us-east-1z").contains("az1, az2, az3");
        error(http.get().uri("/?Action=DescribeInstances&Filter.1.Name=instance-type&Filter.1.Value.1=m5.large")
                .exchange(), 400, "InvalidParameterValue");
        assertThat(fleet.placementCalls).isEmpty();

        String kept = xpath(ok(launch("az1", "app")), "/RunInstancesResponse/instancesSet/item/instanceId");
        error(http.get().uri("/?Action=DescribeInstances&InstanceId.1=i-00000000000000000").exchange(),
                400, "InvalidInstanceID.NotFound");
        MultiValueMap<String, String> terminate = form("TerminateInstances");
        terminate.add("InstanceId.1", kept);
        terminate.add("InstanceId.2", "i-00000000000000000");
        error(post(terminate), 400, "InvalidInstanceID.NotFound");
        assertThat(fleet.instances).as("one bad id terminates nothing").containsKey(kept);
        error(post(form("TerminateInstances")), 400, "MissingParameter");
    }

    @Test
    void describeFiltersByOwnerAndTerminateFreesTheInstanceAndAnnouncesIt() {
        String app = xpath(ok(launch("az1", "app")), "/RunInstancesResponse/instancesSet/item/instanceId");
        String other = xpath(ok(launch("az3", "batch")), "/RunInstancesResponse/instancesSet/item/instanceId");

        String one = ok(http.get().uri("/?Action=DescribeInstances&Version=2016-11-15&InstanceId.1=" + app).exchange());
        assertThat(xpath(one, "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/instanceId")).isEqualTo(app);
        assertThat(xpath(one, "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/placement/availabilityZone"))
                .isEqualTo("az1");
        assertThat(xpath(one, "count(/DescribeInstancesResponse/reservationSet/item)")).isEqualTo("1");

        MultiValueMap<String, String> byOwner = form("DescribeInstances");
        byOwner.add("Filter.1.Name", "tag:owner");
        byOwner.add("Filter.1.Value.1", "batch");
        String batch = ok(post(byOwner));
        assertThat(xpath(batch, "count(/DescribeInstancesResponse/reservationSet/item)")).isEqualTo("1");
        assertThat(xpath(batch, "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/instanceId")).isEqualTo(other);
        assertThat(xpath(ok(post(form("DescribeInstances"))), "count(/DescribeInstancesResponse/reservationSet/item)"))
                .isEqualTo("2");

        double terminations = counter("cascade.ec2.terminations", "az", "az1");
        MultiValueMap<String, String> terminate = form("TerminateInstances");
        terminate.add("InstanceId.1", app);
        String xml = ok(post(terminate));
        assertThat(xpath(xml, "/TerminateInstancesResponse/instancesSet/item/instanceId")).isEqualTo(app);
        assertThat(xpath(xml, "/TerminateInstancesResponse/instancesSet/item/currentState/name")).isEqualTo("terminated");
        assertThat(xpath(xml, "/TerminateInstancesResponse/instancesSet/item/previousState/name")).isEqualTo("pending");
        assertThat(fleet.instances).doesNotContainKey(app).containsKey(other);
        assertThat(counter("cascade.ec2.terminations", "az", "az1")).isEqualTo(terminations + 1);
        InstanceEvent event = awaitEvent(app, InstanceEvent.Kind.TERMINATED);
        assertThat(event.az()).isEqualTo("az1");
        assertThat(event.owner()).isEqualTo("app");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static MultiValueMap<String, String> form(String action) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("Action", action);
        form.add("Version", "2016-11-15");
        return form;
    }

    static WebTestClient.ResponseSpec launch(String az, String owner) {
        MultiValueMap<String, String> form = form("RunInstances");
        form.add("ImageId", "ami-12345678");
        form.add("MinCount", "1");
        form.add("MaxCount", "1");
        if (az != null) {
            form.add("Placement.AvailabilityZone", az);
        }
        form.add("TagSpecification.1.ResourceType", "instance");
        form.add("TagSpecification.1.Tag.1.Key", "owner");
        form.add("TagSpecification.1.Tag.1.Value", owner);
        return post(form);
    }

    static WebTestClient.ResponseSpec post(MultiValueMap<String, String> form) {
        return http.post().uri("/").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange();
    }

    static String ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_XML)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    static String error(WebTestClient.ResponseSpec response, int status, String code) {
        String xml = response.expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        assertThat(xpath(xml, "/Response/Errors/Error/Code")).as(xml).isEqualTo(code);
        assertThat(xpath(xml, "/Response/RequestID")).isNotBlank();
        return xml;
    }

    static String xpath(String xml, String expression) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            return XPathFactory.newInstance().newXPath().evaluate(expression, document);
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    static double counter(String name, String... tags) {
        Counter counter = gateway.getBean(MeterRegistry.class).find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static double gauge(String name) {
        return gateway.getBean(MeterRegistry.class).get(name).gauge().value();
    }

    static InstanceEvent awaitEvent(String instanceId, InstanceEvent.Kind kind) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                InstanceEvent event = json.readValue(record.value(), InstanceEvent.class);
                assertThat(record.key()).isEqualTo(event.instanceId());
                seen.add(event);
            }
            return find(instanceId, kind).isPresent();
        });
        return find(instanceId, kind).orElseThrow();
    }

    private static Optional<InstanceEvent> find(String instanceId, InstanceEvent.Kind kind) {
        return seen.stream().filter(e -> e.instanceId().equals(instanceId) && e.kind() == kind).findFirst();
    }
}
