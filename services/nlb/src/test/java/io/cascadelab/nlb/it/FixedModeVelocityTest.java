package io.cascadelab.nlb.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fixed mode under the same flood as {@link IncidentFlappingTest}: velocity control lets failover remove at most
 * one AZ per 15 incident minutes (45 wall seconds here, longer than the test) and never leaves fewer than two AZs
 * in DNS, although two AZs are unhealthy.
 */
class FixedModeVelocityTest {

    static NlbHarness fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new NlbHarness("fixed", 2);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void failoverNeverExceedsTheVelocityLimitAndTwoAzsStayInDns() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az2") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az3") == 4
                && fleet.route53.current().equals(NlbHarness.NODES));
        // a restarted NLB adopts the app's running instances and launches only what is missing
        assertThat(fleet.gateway.launches.get()).isEqualTo(6);
        assertThat(fleet.get("/targets")).contains("i-0e10000000000000", "i-0e30000000000001");

        fleet.flood(Duration.ofMinutes(4), 3, "az1", "az2");
        Instant end = Instant.now().plus(NlbHarness.incident(Duration.ofMinutes(8)));
        boolean[] heldBack = {false};
        // checked continuously while the flapping runs: the invariants hold at every write
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(fleet.route53.writes).allSatisfy(w -> assertThat(w.values()).hasSizeGreaterThanOrEqualTo(2));
            assertThat(fleet.removals()).hasSizeLessThanOrEqualTo(1);
            String status = fleet.get("/status");
            if (status.contains("\"az1\":{") && countUnhealthy(status) >= 2
                    && fleet.gauge("cascade.nlb.azs.in.dns", null) >= 2) {
                heldBack[0] = true;
            }
            return Instant.now().isAfter(end);
        });
        // failover did act, once, and flapping happened underneath
        assertThat(fleet.removals()).hasSize(1);
        // (normally az1's; on a badly loaded machine a timed-out node check can make another AZ the one removed)
        assertThat(fleet.counter("cascade.nlb.failovers", "az1") + fleet.counter("cascade.nlb.failovers", "az2")
                + fleet.counter("cascade.nlb.failovers", "az3")).as("failovers, DNS writes: %s", fleet.route53.writes)
                .isEqualTo(1);
        assertThat(fleet.counter("cascade.nlb.health.flips", "az1")).isGreaterThanOrEqualTo(4);
        assertThat(heldBack[0]).as("two AZs unhealthy while two stayed in DNS").isTrue();
        assertThat(fleet.route53.writes.stream().map(FakeRoute53.Write::values).toList())
                .noneMatch(values -> values.size() < 2);
        assertThat(fleet.route53.current()).contains(NlbHarness.NODES.get(2));
        assertThat(List.of(fleet.gauge("cascade.nlb.azs.in.dns", null))).allMatch(n -> n >= 2);
    }

    private static int countUnhealthy(String status) {
        int count = 0;
        int from = 0;
        while ((from = status.indexOf("\"healthy\":false", from)) >= 0) {
            count++;
            from++;
        }
        return count;
    }
}
