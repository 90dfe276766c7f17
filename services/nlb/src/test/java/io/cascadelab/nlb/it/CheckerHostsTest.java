package io.cascadelab.nlb.it;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AWS's account of the flapping: the health-check subsystem put new EC2 instances into service before their network
 * state had propagated, so checks failed although nodes and targets were healthy, and results alternated. Here the
 * checker runs from three hosts of its own, recycled every ~8 incident minutes. The environment then slows
 * propagation: each new host lacks its network state for 4 incident minutes, and the checks it runs fail. Nobody
 * touches a target. Flapping must follow, and stop once propagation is quick again.
 */
class CheckerHostsTest {

    static final String HOSTS = "nlb-health";
    static NlbHarness fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new NlbHarness("incident", "--cascade.nlb.checker-hosts.count=3",
                "--cascade.nlb.checker-hosts.lifetime=8m");
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void newCheckerHostsWithoutNetworkStateMakeHealthyTargetsFlapUntilPropagationIsQuickAgain() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az2") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az3") == 4
                && fleet.route53.current().equals(NlbHarness.NODES));
        List<String> firstHosts = fleet.droplets.owned(HOSTS).stream().map(FakeDroplets.Instance::id).toList();
        assertThat(firstHosts).hasSize(3);
        assertThat(fleet.droplets.owned(HOSTS)).extracting(FakeDroplets.Instance::az)
                .containsExactlyInAnyOrder("az1", "az2", "az3");
        // the checker's hosts are not targets: customers are never sent to them
        String targets = fleet.get("/targets");
        firstHosts.forEach(host -> assertThat(targets).doesNotContain(host));
        assertThat(fleet.gauge("cascade.nlb.checker.hosts", null)).isEqualTo(3);
        double outBefore = outOfService();
        double inBefore = inServiceAgain();

        fleet.droplets.propagationDelay(NlbHarness.incident(Duration.ofMinutes(4)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                hostLaunches() >= 4 && outOfService() - outBefore >= 3 && inServiceAgain() - inBefore >= 1);
        assertThat(fleet.meters().get("cascade.nlb.healthcheck.host.no.network").counter().count()).isPositive();
        assertThat(fleet.droplets.owned(HOSTS)).as("recycled one at a time, replacement first").hasSizeBetween(3, 4);

        fleet.droplets.propagationDelay(Duration.ZERO);
        fleet.droplets.owned(HOSTS).forEach(host -> fleet.droplets.restoreNetwork(host.id()));
        fleet.droplets.owned("app").forEach(target -> fleet.droplets.restoreNetwork(target.id()));
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az2") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az3") == 4
                && fleet.gauge("cascade.nlb.azs.in.dns", null) == 3);
        assertThat(fleet.gauge("cascade.nlb.checker.hosts", null)).isEqualTo(3);
        // the recycled hosts were terminated, not leaked
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fleet.droplets.owned(HOSTS)).hasSize(3));
        assertThat(fleet.droplets.owned(HOSTS).stream().map(FakeDroplets.Instance::id).toList())
                .as("at least one of the first hosts recycled").isNotEqualTo(firstHosts);
    }

    private static double outOfService() {
        return flips("out_of_service");
    }

    private static double inServiceAgain() {
        return flips("in_service");
    }

    private static double flips(String to) {
        return fleet.meters().find("cascade.nlb.health.flips").tag("to", to).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static double hostLaunches() {
        var counter = fleet.meters().find("cascade.nlb.checker.host.launches").tag("outcome", "success").counter();
        return counter == null ? 0 : counter.count();
    }
}
