package io.cascadelab.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetLayout;
import io.cascadelab.gameday.fleet.TestFleets;
import io.cascadelab.gameday.scenario.Scenarios;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

/**
 * The end of a run as readers outside see it: {@code ./cascade gameday} and the tests read the report the
 * moment the status says {@code finished} or {@code aborted}, so neither may show before the report is written.
 */
class GameDayRunEndTest {

    private final Scenarios scenarios = new Scenarios(Path.of("../../chaos"));
    // No fleet runs: lifting faults at the end reaches nobody, as when every instance has already stopped.
    private final LocalChaosRunner chaos = new LocalChaosRunner(new FleetLayout(TestFleets.fleet(
            Path.of("/tmp/unused"), Map.of(), Duration.ofSeconds(1))), "token", Clock.systemUTC(),
            new SplittableRandom(1), name -> { });

    @Test
    void theStatusSaysFinishedOnlyOnceTheReportIsWritten() {
        List<String> seenWhileReporting = new ArrayList<>();
        GameDayRun run = run(ended -> seenWhileReporting.addAll(List.of(ended.status(), ended.outcome(),
                Boolean.toString(ended.running()))));
        assertThat(run.status()).isEqualTo("running");

        run.end("finished");

        assertThat(seenWhileReporting).as("status, outcome, running() while the report is written")
                .containsExactly("ending", "finished", "true");
        assertThat(run.status()).isEqualTo("finished");
        assertThat(run.running()).isFalse();
        assertThat(run.view().status()).isEqualTo("finished");
    }

    @Test
    void aFailingReportStillEndsTheRunAndASecondEndChangesNothing() {
        List<GameDayRun> reports = new ArrayList<>();
        GameDayRun run = run(ended -> {
            reports.add(ended);
            throw new IllegalStateException("disk full");
        });
        try {
            run.end("aborted");
        } catch (IllegalStateException expected) {
            // the writer's failure reaches the caller, and the run is over regardless
        }
        run.end("finished");

        assertThat(reports).hasSize(1);
        assertThat(run.status()).isEqualTo("aborted");
        assertThat(run.running()).isFalse();
        assertThat(run.events().stream().map(GameDayView.Event::name)).containsExactly("run.aborted");
    }

    private GameDayRun run(java.util.function.Consumer<GameDayRun> onEnd) {
        GameDayRun.Identity identity = new GameDayRun.Identity("test-run", scenarios.load("dns-race"), "incident",
                "auto", 1, 60);
        return new GameDayRun(identity, scenarios, chaos, null, null,
                new PhaseDetector(PhaseDetector.Thresholds.defaults()), new TimeScale(60), Clock.systemUTC(), onEnd);
    }
}
