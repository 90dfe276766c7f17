package io.cascadelab.enactor.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.cascadelab.enactor.EnactorProperties;
import io.cascadelab.enactor.sim.HookedZone;
import io.cascadelab.enactor.sim.InMemoryPlans;
import io.cascadelab.enactor.sim.InMemoryZone;
import io.cascadelab.enactor.sim.TestEnactors;
import io.cascadelab.enactor.zone.Change;
import io.cascadelab.enactor.zone.Names;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interleaving of 19 October, scripted step by step (the same shape as the TLA+ model's shortest
 * counterexample, {@code src/test/tla/README.md}): az1 takes plan 2 and is slow; the planner writes plans 3
 * and 4; az2 applies plan 4 to the regional endpoint; az1's stale plan 2 lands on the regional endpoint;
 * az2 finishes its walk and cleans up plans older than 4 − K. Run once as AWS's enactors and once as the
 * fixed ones.
 */
class StaleEnactorRaceTest {

    static final String REGIONAL = "dynamodb.us-east-1.cascade.test";
    static final List<String> ENDPOINTS = List.of(REGIONAL, "dynamodb-fips.us-east-1.cascade.test",
            "dynamodb.us-east-1.api.cascade.test");
    static final TestEnactors.Settings SETTINGS = new TestEnactors.Settings(5, Duration.ofMillis(60),
            Duration.ofMillis(600), Duration.ofHours(1), 1, EnactorProperties.WalkOrder.PLAN);

    final MutableClock wall = new MutableClock(Instant.parse("2025-10-20T06:48:00Z"));
    final IncidentClock clock = new IncidentClock(wall, new TimeScale(60), wall.instant());
    final InMemoryZone zone = new InMemoryZone(1_000);
    final InMemoryPlans plans = new InMemoryPlans(ENDPOINTS);
    List<String> regionalAfterAz2;

    @Test
    void regionalEndpointGoesEmptyWhenStalePlanMeetsCleanupAndStaysEmptyUntilRestore() throws Exception {
        Race race = race(Mode.INCIDENT);

        assertThat(zone.pointsAt(REGIONAL)).hasValue(2);
        assertThat(plans.contains(2)).isFalse();
        assertThat(regionalAfterAz2).as("regional answers after az2's clean-up").isEmpty();
        assertThat(zone.resolve(REGIONAL)).isEmpty();
        assertThat(zone.violations()).anyMatch(v -> v.contains(Names.absolute(REGIONAL) + " resolves to nothing"));

        // later plans do not reach the regional endpoint: its active plan is gone from the store
        plans.plan(clock.now());
        race.az2.enactor().runOnce();
        race.az3.enactor().runOnce();
        assertThat(zone.resolve(REGIONAL)).isEmpty();
        assertThat(race.az2.counter("cascade.dns.enactor.endpoints.inconsistent")).isPositive();
        assertThat(race.az3.counter("cascade.dns.enactor.endpoints.inconsistent")).isPositive();
        assertThat(race.az2.enactor().lastApplied()).as("the enactors themselves move on").isEqualTo(5);

        DnsRestorerHolder.restore(Mode.INCIDENT, plans, zone, clock);
        assertThat(zone.resolve(REGIONAL)).isNotEmpty();
        assertThat(zone.pointsAt(REGIONAL)).hasValue(5);

        plans.plan(clock.now());
        race.az2.enactor().runOnce();
        assertThat(zone.pointsAt(REGIONAL)).as("enactors proceed after restore-dns").hasValue(6);
        assertThat(zone.resolve(REGIONAL)).isNotEmpty();
    }

    @Test
    void fixedEnactorsRejectTheStaleWriteAndNeverEmptyAnEndpoint() throws Exception {
        Race race = race(Mode.FIXED);

        assertThat(zone.pointsAt(REGIONAL)).hasValue(4);
        assertThat(regionalAfterAz2).isNotEmpty();
        assertThat(zone.resolve(REGIONAL)).isNotEmpty();
        assertThat(zone.violations()).isEmpty();
        assertThat(race.az1.counter("cascade.dns.enactor.retries")).as("az1's compare-and-set was rejected").isPositive();

        plans.plan(clock.now());
        race.az3.enactor().runOnce();
        assertThat(zone.pointsAt(REGIONAL)).hasValue(5);
        assertThat(zone.violations()).isEmpty();
    }

    record Race(TestEnactors.Built az1, TestEnactors.Built az2, TestEnactors.Built az3) {
    }

    /** Plays the trace; returns when az1 has finished its pass and az2 its pass and clean-up. */
    Race race(Mode mode) throws Exception {
        zone.watch(ENDPOINTS);
        plans.plan(clock.now());
        TestEnactors.Built az3 = TestEnactors.enactor("az3", mode, plans, zone, clock, SETTINGS, 3);
        az3.enactor().runOnce();                                  // plan 1 everywhere
        assertThat(zone.pointsAt(REGIONAL)).hasValue(1);

        CountDownLatch az1AtRegional = new CountDownLatch(1);
        CountDownLatch az2WroteRegional = new CountDownLatch(1);
        CountDownLatch az1TriedRegional = new CountDownLatch(1);
        CountDownLatch az2Done = new CountDownLatch(1);
        // az1 is the slow one: its regional transaction waits until az2 has moved the regional endpoint, and
        // after it az1 stalls until az2 has finished its pass and clean-up
        Consumer<List<Change>> az1Before = changes -> {
            if (touchesRegionalCname(changes) && az1AtRegional.getCount() > 0) {
                az1AtRegional.countDown();
                await(az2WroteRegional);
            }
        };
        Consumer<List<Change>> az1After = changes -> {
            if (touchesRegionalCname(changes) && az1TriedRegional.getCount() > 0) {
                az1TriedRegional.countDown();
                await(az2Done);
            }
        };
        HookedZone az1Zone = new HookedZone(zone, () -> { }, az1Before, az1After, () -> { });
        Consumer<List<Change>> az2Wrote = changes -> {
            if (touchesRegionalCname(changes)) {
                az2WroteRegional.countDown();
            }
        };
        // az2's clean-up reads the zone only after az1's stale write has been tried
        HookedZone az2Zone = new HookedZone(zone, () -> { }, c -> { }, az2Wrote, () -> await(az1TriedRegional));
        TestEnactors.Built az1 = TestEnactors.enactor("az1", mode, plans, az1Zone, clock, SETTINGS, 1);
        TestEnactors.Built az2 = TestEnactors.enactor("az2", mode, plans, az2Zone, clock, SETTINGS, 2);

        plans.plan(clock.now());                                  // plan 2; az1 picks it and is slow
        CompletableFuture<Enactor.Outcome> az1Pass = CompletableFuture.supplyAsync(() -> az1.enactor().runOnce());
        await(az1AtRegional);
        plans.plan(clock.now());
        plans.plan(clock.now());                                  // plans 3 and 4
        Enactor.Outcome az2Outcome = az2.enactor().runOnce();     // applies 4, cleans up below 4 - K
        regionalAfterAz2 = zone.resolve(REGIONAL);
        az2Done.countDown();
        az1Pass.get(10, TimeUnit.SECONDS);
        assertThat(az2Outcome).isEqualTo(Enactor.Outcome.APPLIED);
        return new Race(az1, az2, az3);
    }

    private static boolean touchesRegionalCname(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.recordSet().type().equals("CNAME")
                && c.recordSet().name().equals(Names.absolute(REGIONAL)));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("scripted interleaving did not happen");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The runbook as operators run it. */
    static final class DnsRestorerHolder {
        static void restore(Mode mode, InMemoryPlans plans, InMemoryZone zone, IncidentClock clock) {
            var report = TestEnactors.restorer(mode, plans, zone, clock, SETTINGS).restore();
            assertThat(report.failed()).isEmpty();
        }
    }
}
