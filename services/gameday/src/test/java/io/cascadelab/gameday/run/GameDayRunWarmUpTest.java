package io.cascadelab.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetLayout;
import io.cascadelab.gameday.fleet.TestFleets;
import io.cascadelab.gameday.scenario.Scenarios;
import io.cascadelab.gameday.signal.PrometheusText;
import io.cascadelab.gameday.signal.SignalSampler;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

/**
 * When chaos may start: only once the whole fleet has been seen settled for a while. Found in a game day on
 * 2026-12-04: the first sample after start-up missed the NLB and two DWFMs (their first scrapes were slow), the
 * missing signals counted as fine, chaos began at once, and the NLB's first targets then went out of service
 * (10 flips) and were reported as phase 4, half an hour before the race.
 */
class GameDayRunWarmUpTest {

    private final Scenarios scenarios = new Scenarios(Path.of("../../chaos"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
    private final Map<String, String> scrape = new LinkedHashMap<>();
    private int flipsOut = 4;

    @Test
    void aScrapeThatMissedInstancesIsNotASteadyFleet() {
        GameDayRun run = run();
        scrape.put("dwfm-az1", leases(150, 150));
        scrape.put("dwfm-az2", "");
        scrape.put("nlb", "");
        for (int second = 0; second < 20; second++) {
            tick(run);
        }
        assertThat(names(run)).as("not steady while instances do not answer").isEmpty();

        fleetSettled();
        tick(run);
        assertThat(names(run)).as("settled for one sample only").isEmpty();
        for (int second = 0; second < 6; second++) {
            tick(run);
        }
        assertThat(names(run)).startsWith("fleet.steady");
    }

    @Test
    void targetsGoingOutOfServiceRestartTheHold() {
        GameDayRun run = run();
        fleetSettled();
        tick(run);
        tick(run);
        tick(run);
        flipsOut += 3; // every target back in service by the sample, but three went out since the last one
        fleetSettled();
        tick(run);
        fleetSettled();
        for (int second = 0; second < 4; second++) {
            tick(run);
        }
        assertThat(names(run)).as("four incident minutes settled since the flips, not five").isEmpty();
        for (int second = 0; second < 2; second++) {
            tick(run);
        }
        assertThat(names(run)).startsWith("fleet.steady");
        assertThat(run.events().get(0).seconds()).as("steady at incident seconds").isBetween(540.0, 660.0);
    }

    @Test
    void aFleetThatNeverSettlesGetsItsChaosAfterTheLimitAndSaysSo() {
        GameDayRun run = run();
        fleetSettled();
        scrape.put("dwfm-az1", leases(150, 140));
        for (int second = 0; second < 185; second++) {
            tick(run);
        }
        assertThat(names(run)).startsWith("fleet.not-steady");
        assertThat(run.events().get(0).details()).containsEntry("leasesActive", "290.0");
    }

    private void fleetSettled() {
        scrape.put("dwfm-az1", leases(150, 150));
        scrape.put("dwfm-az2", leases(150, 150));
        scrape.put("nlb", nlb(12, 12, flipsOut));
    }

    private static String leases(int total, int active) {
        return "cascade_dwfm_leases{state=\"active\"} " + active + "\n"
                + "cascade_dwfm_leases{state=\"expired\"} " + (total - active) + "\n";
    }

    private static String nlb(int targets, int healthy, int flipsOut) {
        return "cascade_nlb_targets " + targets + "\ncascade_nlb_healthy_targets " + healthy + "\n"
                + "cascade_nlb_health_flips_total{to=\"out_of_service\"} " + flipsOut + "\n";
    }

    /** One wall second, one sample: 60 incident seconds at 60x. */
    private void tick(GameDayRun run) {
        clock.advance(Duration.ofSeconds(1));
        run.tick();
    }

    private static List<String> names(GameDayRun run) {
        return run.events().stream().map(GameDayView.Event::name).toList();
    }

    private GameDayRun run() {
        // No fleet runs: chaos, once due, reaches nobody.
        LocalChaosRunner chaos = new LocalChaosRunner(new FleetLayout(TestFleets.fleet(Path.of("/tmp/unused"), Map.of(),
                Duration.ofSeconds(1))), "token", clock, new SplittableRandom(1), name -> { });
        SignalSampler sampler = new SignalSampler(() -> {
            Map<String, List<PrometheusText.Sample>> byInstance = new LinkedHashMap<>();
            scrape.forEach((instance, text) -> byInstance.put(instance, PrometheusText.parse(text)));
            return byInstance;
        }, () -> 3, (target, outcome) -> 0, 60);
        GameDayRun.Identity identity = new GameDayRun.Identity("warm-up", scenarios.load("dns-race"), "incident",
                "manual", 1, 60);
        return new GameDayRun(identity, scenarios, chaos, null, sampler,
                new PhaseDetector(PhaseDetector.Thresholds.defaults()), new TimeScale(60), clock, ended -> { });
    }
}
