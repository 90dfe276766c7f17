package io.cascadelab.nlb.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.cascadelab.contracts.InstanceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Incident mode, one NLB through a whole story: a healthy steady state; a launch flood racing a slow propagation
 * makes targets and AZs flap and failover remove capacity; the runbook puts every node back; a node without a
 * working target resets its customers' connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentFlappingTest {

    static NlbHarness fleet;
    static final List<String> ALL = NlbHarness.NODES;

    @BeforeAll
    static void start() throws Exception {
        fleet = new NlbHarness("incident");
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    @Order(1)
    void healthySteadyStateKeepsEveryAzInDnsAndForwardsToATargetOfTheNodesAz() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az2") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az3") == 4
                && fleet.route53.current().equals(ALL));
        FakeRoute53.Write write = fleet.route53.writes.get(0);
        assertThat(write.action()).isEqualTo("UPSERT");
        assertThat(write.name()).isEqualTo("app.nlb.us-east-1.cascade.test.");
        assertThat(write.ttl()).isEqualTo(60);

        // three incident minutes of health checks on a healthy group: nothing flips, nothing fails over
        Instant until = Instant.now().plus(NlbHarness.incident(Duration.ofMinutes(3)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(fleet.gauge("cascade.nlb.azs.in.dns", null)).isEqualTo(3);
            return Instant.now().isAfter(until);
        });
        assertThat(fleet.route53.writes).allSatisfy(w -> assertThat(w.values()).isEqualTo(ALL));
        for (String az : List.of("az1", "az2", "az3")) {
            assertThat(fleet.counter("cascade.nlb.health.flips", az)).isZero();
            assertThat(fleet.counter("cascade.nlb.failovers", az)).isZero();
        }
        assertThat(fleet.gateway.launches.get()).isEqualTo(12);
        assertThat(fleet.gauge("cascade.nlb.failover.enabled", null)).isEqualTo(1);
        assertThat(fleet.meters().get("cascade.nlb.healthcheck.latency").timer().count()).isPositive();

        HttpResponse<String> answer = fleet.customer(ALL.get(0), "/hello");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("hello from i-").endsWith(" in az1");
        assertThat(fleet.get("/status")).contains("\"azsInDns\":[\"az1\",\"az2\",\"az3\"]");

        // HTTPChaos-style ingress abort on one path reaches the nodes too: that path's connections reset
        assertThat(fleet.put("/internal/faults/node-abort",
                "{\"ingress\":{\"paths\":[\"/chaos\"],\"abortPercent\":100},\"duration\":\"PT10M\"}").statusCode())
                .isLessThan(300);
        assertThatThrownBy(() -> fleet.customer(ALL.get(1), "/chaos")).isInstanceOf(IOException.class);
        assertThat(fleet.customer(ALL.get(1), "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aLaunchFloodRacingSlowPropagationMakesAzsFlapAndFailoverRemoveCapacity() {
        double launchesBefore = fleet.gateway.launches.get();
        // propagation now takes 4 incident minutes, longer than the 3 the NLB waits before replacing a target
        fleet.flood(Duration.ofMinutes(4), 3, "az1", "az2");

        // az1 must go out, come back (replacements are put into service before their network arrives), go out again;
        // the zone sees each as a write (DNS writes go out on the tick after the decision)
        await().atMost(Duration.ofSeconds(40)).until(() -> fleet.counter("cascade.nlb.failovers", "az1") >= 2
                && fleet.counter("cascade.nlb.health.flips", "az1") >= 4 && flapped(history())
                && history().contains(List.of(ALL.get(2))));
        List<List<String>> history = history();
        // incident failover took two of three AZs' capacity at once
        assertThat(history).contains(List.of(ALL.get(2)));
        // replacements fed more launches into the slow propagation
        assertThat(fleet.gateway.launches.get()).isGreaterThan((int) launchesBefore);
        assertThat(fleet.gateway.terminations.get()).isPositive();
        // the untouched AZ flaps far less (a timed-out check on a loaded machine may still flip it once)
        assertThat(fleet.counter("cascade.nlb.health.flips", "az3"))
                .isLessThan(fleet.counter("cascade.nlb.health.flips", "az1") / 2);
    }

    @Test
    @Order(3)
    void disablingFailoverPutsEveryNodeBackAndEnablingResumesIt() throws Exception {
        assertThat(fleet.post("/runbook/failover", null, "{\"enabled\":false}").statusCode()).isEqualTo(401);
        assertThat(fleet.post("/runbook/failover", "Bearer wrong", "{\"enabled\":false}").statusCode()).isEqualTo(401);
        assertThat(fleet.post("/runbook/failover", "Bearer " + NlbHarness.TOKEN, "{}").statusCode()).isEqualTo(400);

        HttpResponse<String> disabled = fleet.post("/runbook/failover", "Bearer " + NlbHarness.TOKEN,
                "{\"enabled\":false}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.body()).contains("\"failoverEnabled\":false");
        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.route53.current().equals(ALL));
        int from = fleet.route53.writes.size() - 1;
        // the flapping goes on underneath (one incident minute), but every write keeps all nodes
        Instant until = Instant.now().plus(NlbHarness.incident(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(until));
        assertThat(fleet.route53.writes.subList(from, fleet.route53.writes.size()))
                .allSatisfy(w -> assertThat(w.values()).isEqualTo(ALL));
        assertThat(fleet.gauge("cascade.nlb.failover.enabled", null)).isZero();
        assertThat(fleet.gauge("cascade.nlb.azs.in.dns", null)).isEqualTo(3);

        // a node whose AZ has no working target resets its customers' connections
        fleet.droplets.in("az1").forEach(i -> fleet.droplets.loseNetwork(i.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> fleet.customer(ALL.get(0), "/hello")).isInstanceOf(IOException.class);
        }
        assertThat(fleet.customer(ALL.get(2), "/hello").statusCode()).isEqualTo(200);

        HttpResponse<String> enabled = fleet.post("/runbook/failover", "Bearer " + NlbHarness.TOKEN,
                "{\"enabled\":true}");
        assertThat(enabled.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fleet.route53.current().contains(ALL.get(0)));
        assertThat(fleet.gauge("cascade.nlb.failover.enabled", null)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void instancesOfOwnerAppLaunchedByOthersJoinTheGroupAndLeaveWhenTerminated() {
        fleet.droplets.launch("i-0000000000000f00d", "az3");
        fleet.gateway.publish(InstanceEvent.Kind.LAUNCHED, "i-0000000000000f00d", "az3");
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.get("/targets").contains("i-0000000000000f00d"));
        fleet.gateway.publish(InstanceEvent.Kind.TERMINATED, "i-0000000000000f00d", "az3");
        await().atMost(Duration.ofSeconds(30)).until(() -> !fleet.get("/targets").contains("i-0000000000000f00d"));
    }

    private static List<List<String>> history() {
        return fleet.route53.writes.stream().map(FakeRoute53.Write::values).toList();
    }

    /** az1's node left the record, came back and left again. */
    private static boolean flapped(List<List<String>> history) {
        int firstOut = indexOf(history, 0, false);
        int backIn = firstOut < 0 ? -1 : indexOf(history, firstOut, true);
        return backIn >= 0 && indexOf(history, backIn, false) > backIn;
    }

    /** The first write at or after {@code from} whose values contain az1's node ({@code present}) or not. */
    private static int indexOf(List<List<String>> history, int from, boolean present) {
        for (int i = Math.max(0, from); i < history.size(); i++) {
            if (history.get(i).contains(ALL.get(0)) == present) {
                return i;
            }
        }
        return -1;
    }
}
