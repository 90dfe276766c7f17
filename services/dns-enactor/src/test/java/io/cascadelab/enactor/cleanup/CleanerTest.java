package io.cascadelab.enactor.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.cascadelab.enactor.EnactorProperties;
import io.cascadelab.enactor.apply.EndpointWriter;
import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.sim.InMemoryPlans;
import io.cascadelab.enactor.sim.InMemoryZone;
import io.cascadelab.enactor.sim.TestEnactors;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Clean-up by age (incident) against guarded clean-up (fixed), on one endpoint left behind at an old plan. */
class CleanerTest {

    static final String LAGGING = "dynamodb.us-east-1.cascade.test";
    static final String CURRENT = "dynamodb-fips.us-east-1.cascade.test";
    static final TestEnactors.Settings SETTINGS = new TestEnactors.Settings(3, Duration.ofSeconds(1),
            Duration.ofSeconds(4), Duration.ofMinutes(10), 2, EnactorProperties.WalkOrder.PLAN);

    final MutableClock wall = new MutableClock(Instant.parse("2025-10-20T06:48:00Z"));
    final IncidentClock clock = new IncidentClock(wall, new TimeScale(60), wall.instant());
    final InMemoryZone zone = new InMemoryZone(1_000);
    final InMemoryPlans plans = new InMemoryPlans(List.of(LAGGING, CURRENT));
    final EndpointWriter writer = new EndpointWriter(zone, Duration.ofSeconds(60));

    /** Plans 1..10, one incident minute apart; LAGGING uses plan 3, CURRENT plan 10. */
    void laggingEndpoint(Mode mode) {
        Plan third = null;
        Plan tenth = null;
        for (int i = 1; i <= 10; i++) {
            Plan plan = plans.plan(clock.now());
            third = i == 3 ? plan : third;
            tenth = i == 10 ? plan : tenth;
            wall.advance(Duration.ofSeconds(1));
        }
        write(mode, third, 0);
        write(mode, tenth, 1);
        wall.advance(Duration.ofSeconds(20));      // 20 incident minutes: every plan is past the 10-minute deadline
    }

    private void write(Mode mode, Plan plan, int endpoint) {
        if (mode == Mode.FIXED) {
            writer.compareAndSet(plan.generation(), plan.endpoints().get(endpoint));
        } else {
            writer.overwrite(plan.generation(), plan.endpoints().get(endpoint));
        }
    }

    Cleaner cleaner(Mode mode) {
        return TestEnactors.cleaner(mode, plans, zone, clock, SETTINGS);
    }

    @Test
    void incidentCleanupDeletesByAgeEvenThePlanAnEndpointStillUses() {
        laggingEndpoint(Mode.INCIDENT);
        assertThat(zone.resolve(LAGGING)).isNotEmpty();

        cleaner(Mode.INCIDENT).cleanUp(10);

        assertThat(plans.list()).extracting(Plan.Summary::generation).containsExactly(8L, 9L, 10L);
        assertThat(zone.resolve(LAGGING)).as("addresses of the endpoint on plan 3").isEmpty();
        assertThat(zone.resolve(CURRENT)).isNotEmpty();
    }

    @Test
    void fixedCleanupNeverDeletesAPlanAnEndpointUsesOrAnythingNewer() {
        laggingEndpoint(Mode.FIXED);

        cleaner(Mode.FIXED).cleanUp(10);

        assertThat(plans.list()).extracting(Plan.Summary::generation).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(zone.resolve(LAGGING)).isNotEmpty();
    }

    @Test
    void fixedCleanupKeepsPlansYoungerThanThePlanDeadlineBecauseAnEnactorMayStillHoldThem() {
        Plan tenth = null;
        for (int i = 1; i <= 10; i++) {
            tenth = plans.plan(clock.now());        // plan i created at incident minute i - 1
            wall.advance(Duration.ofSeconds(1));
        }
        writer.compareAndSet(10, tenth.endpoints().get(0));
        writer.compareAndSet(10, tenth.endpoints().get(1));
        wall.advance(Duration.ofSeconds(5));         // incident minute 15: plans 7..10 are younger than 10 minutes

        cleaner(Mode.FIXED).cleanUp(10);

        assertThat(plans.list()).extracting(Plan.Summary::generation).containsExactly(7L, 8L, 9L, 10L);
    }
}
