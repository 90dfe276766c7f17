package io.cascadelab.enactor.it;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incident against the real services: the zone (Route 53 API + authoritative DNS, own JVM), the planner
 * (own JVM, plans from dynamo nodes announced on Kafka), three incident-mode enactors using the real
 * {@code Route53Client}, and real DNS queries. At 60x, a plan generation every wall second, 43 endpoints.
 * Only the environment changes: az1's egress gets latency through its fault hook, as Chaos Mesh would.
 */
class IncidentRaceTest {

    private static final Logger log = LoggerFactory.getLogger(IncidentRaceTest.class);

    @Test
    void regionalNameGoesEmptyUnderEnactorLatencyAndStaysEmptyUntilRestoreDns() {
        Fleet fleet = Fleet.get();
        try (Enactors enactors = new Enactors(fleet, "incident", 11, "--cascade.enactor.cleanup.keep-generations=6",
                "--cascade.enactor.poll-interval=15s")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !fleet.addresses(Fleet.REGIONAL).isEmpty());

            long chaosAt = System.nanoTime();
            enactors.delayEgress(1, Duration.ofMillis(300), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
                    .until(() -> fleet.addresses(Fleet.REGIONAL).isEmpty());
            Duration toEmpty = Duration.ofNanos(System.nanoTime() - chaosAt);
            log.warn("regional name empty {} ms (wall) after az1's latency began; {}; {}; {}", toEmpty.toMillis(),
                    enactors.passSummary(1), enactors.passSummary(2), enactors.passSummary(3));

            // it stays empty while plans and the other enactors move on
            long appliedWhenEmpty = Math.max(enactors.enactor(2).lastApplied(), enactors.enactor(3).lastApplied());
            long planWhenEmpty = fleet.newestPlan();
            AtomicLong probes = new AtomicLong();
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        probes.incrementAndGet();
                        return fleet.addresses(Fleet.REGIONAL).isEmpty();
                    });
            assertThat(fleet.newestPlan()).isGreaterThan(planWhenEmpty + 3);
            assertThat(Math.max(enactors.enactor(2).lastApplied(), enactors.enactor(3).lastApplied()))
                    .as("the healthy enactors keep applying plans, just not to the regional endpoint")
                    .isGreaterThan(appliedWhenEmpty);

            // the operators' repair; the fault is lifted first, as the automation was paused on the day
            enactors.clearFaults(1);
            var response = fleet.post(enactors.port(2), "/runbook/restore-dns", Map.of("Authorization", "Bearer " + Fleet.TOKEN));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            long restored = Long.parseLong(response.body().replaceAll(".*\"generation\":(\\d+).*", "$1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.addresses(Fleet.REGIONAL).isEmpty());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> fleet.generationInDns(Fleet.REGIONAL).orElse(0L) > restored
                            && !fleet.addresses(Fleet.REGIONAL).isEmpty());
        }
    }

    @Test
    void restoreDnsRefusesCallersWithoutTheToken() {
        Fleet fleet = Fleet.get();
        try (Enactors enactors = new Enactors(fleet, "incident", 12)) {
            assertThat(fleet.post(enactors.port(1), "/runbook/restore-dns", Map.of()).statusCode()).isEqualTo(401);
            assertThat(fleet.post(enactors.port(1), "/runbook/restore-dns", Map.of("Authorization", "Bearer wrong"))
                    .statusCode()).isEqualTo(401);
        }
    }
}
