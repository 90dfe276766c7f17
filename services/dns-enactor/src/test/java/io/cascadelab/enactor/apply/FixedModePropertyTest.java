package io.cascadelab.enactor.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cascadelab.enactor.sim.Simulation;
import io.cascadelab.platform.CascadeProperties.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests of the apply and clean-up logic on the deterministic in-memory Route 53 double
 * ({@link io.cascadelab.enactor.sim.InMemoryZone}), three enactors on real threads with seeded random
 * latencies, one of them slow, a planner writing 30 generations 10 ms apart (an incident minute is 100 ms).
 * The double checks after every committed batch that every endpoint that ever resolved still resolves and
 * that no generation marker moves backwards. The same property against the real zone service, real
 * Route53Client and real DNS queries runs for a few seeds in {@code it.RealZoneTest}.
 */
class FixedModePropertyTest {

    static final Duration PLAN_INTERVAL = Duration.ofMillis(10);
    static final Duration SETTLE = Duration.ofMillis(60);

    @Test
    void fixedEnactorsNeverEmptyAnEndpointAndKeepAdvancingForAHundredSeeds() throws Exception {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 100; seed++) {
            Simulation.Result result = Simulation.run(Mode.FIXED, seed, PLAN_INTERVAL, SETTLE);
            if (!result.violations().isEmpty()) {
                failures.add("seed " + seed + " (" + result.latencies() + "): " + result.violations().get(0));
            }
            if (result.regionalEnd() <= result.regionalMid()) {
                failures.add("seed " + seed + " (" + result.latencies() + "): regional stuck at generation "
                        + result.regionalEnd() + " while plans reached " + result.newestPlan());
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The harness can fail: AWS's enactors, same set-up, empty endpoints. */
    @Test
    void incidentEnactorsEmptyEndpointsInTheSameSimulation() throws Exception {
        int emptied = 0;
        for (long seed = 1; seed <= 10; seed++) {
            if (Simulation.run(Mode.INCIDENT, seed, PLAN_INTERVAL, SETTLE).violations().stream()
                    .anyMatch(v -> v.contains("resolves to nothing"))) {
                emptied++;
            }
        }
        assertThat(emptied).as("seeds (of 10) in which incident mode emptied an endpoint").isGreaterThanOrEqualTo(3);
    }
}
