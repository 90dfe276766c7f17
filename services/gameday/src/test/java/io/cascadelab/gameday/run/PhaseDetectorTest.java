package io.cascadelab.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cascadelab.gameday.signal.SignalSampler;
import org.junit.jupiter.api.Test;

class PhaseDetectorTest {

    private final PhaseDetector detector = new PhaseDetector(PhaseDetector.Thresholds.defaults());
    private final List<GameDayView.Event> events = new ArrayList<>();

    @Test
    void namesTheIncidentFromSignalsAlone() {
        // Healthy: 3 answers, every lease active.
        for (int t = 0; t <= 600; t += 60) {
            observe(t, Map.of(SignalNames.DNS_ANSWERS, 3.0, SignalNames.LEASES_ACTIVE, 600.0,
                    SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 0.0));
        }
        assertThat(events).isEmpty();
        // The name empties; check-ins fail; leases decay.
        observe(660, Map.of(SignalNames.DNS_ANSWERS, 0.0, SignalSampler.CHECKIN_FAILURES, 12.0,
                SignalNames.LEASES_ACTIVE, 590.0, SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 10.0));
        for (int t = 720; t < 10000; t += 60) {
            observe(t, Map.of(SignalNames.DNS_ANSWERS, 0.0, SignalNames.LEASES_ACTIVE, Math.max(0, 590.0 - t / 10),
                    SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 400.0));
        }
        // DNS restored: the queue stays long, hardly a lease comes back for 20 minutes: collapse.
        for (int t = 10000; t <= 11200; t += 60) {
            observe(t, Map.of(SignalNames.DNS_ANSWERS, 3.0, SignalNames.LEASES_ACTIVE, 2.0 + (t - 10000) / 600,
                    SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 900.0,
                    SignalSampler.DYNAMO_REQUESTS, 10.0, SignalNames.DYNAMO_ERROR_RATE, 0.0));
        }
        // Operators act; every droplet is leased again.
        observe(11300, Map.of(SignalNames.DNS_ANSWERS, 3.0, SignalNames.LEASES_ACTIVE, 600.0,
                SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 0.0));

        assertThat(events).extracting(GameDayView.Event::name).containsExactly("dns.regional.empty",
                "dwfm.checkins.failing", "dns.regional.restored", "dynamo.clients.recovered", "dwfm.collapse",
                "dwfm.leases.all");
        assertThat(events.get(0).seconds()).isEqualTo(660);
        assertThat(events.get(4).seconds()).as("the collapse is dated from when the way back opened").isEqualTo(10000);
    }

    @Test
    void aQueueThatDrainsIsNotACollapse() {
        observe(0, Map.of(SignalNames.DNS_ANSWERS, 3.0));
        observe(60, Map.of(SignalNames.DNS_ANSWERS, 0.0, SignalSampler.CHECKIN_FAILURES, 3.0));
        for (int t = 120; t <= 1800; t += 60) {
            observe(t, Map.of(SignalNames.DNS_ANSWERS, 3.0, SignalNames.LEASES_ACTIVE, Math.min(600.0, 100.0 + t / 3.0),
                    SignalSampler.LEASES_TOTAL, 600.0, SignalNames.DWFM_QUEUE_DEPTH, 300.0));
        }
        assertThat(events).extracting(GameDayView.Event::name).doesNotContain("dwfm.collapse").contains("dwfm.leases.all");
    }

    @Test
    void theBacklogIsPropagationsCompletingLateAndEndsWhenTheyCompleteInTimeForAWholeWindow() {
        List<String> names = new ArrayList<>();
        // minutes 0-59: nothing completes (DWFM down, changes deferred); 60-119: hours-old changes complete;
        // 120-135: fresh ones complete in a minute
        for (int minute = 0; minute < 136; minute++) {
            Map<String, Double> sample = new HashMap<>();
            sample.put(SignalSampler.PROPAGATION_LATENCY, minute < 60 ? Double.NaN : minute < 120 ? 7200.0 : 60.0);
            detector.observe(minute * 60, sample).forEach(event -> names.add(event.name() + "@" + (long) event.seconds()));
        }
        assertThat(names).containsExactly("netmgr.backlog@3600", "netmgr.latency.normal@7200");
    }

    @Test
    void scatteredFlipsAndABurstAreNotFlappingButASustainedRateIs() {
        // one sample per incident minute; new targets entering service do not count, only flips out of service.
        // The idle fleet's own noise (~1.7 per 10 minutes at 60x, docs/gameday.md) and a burst of four stay below
        for (int minute = 0; minute < 30; minute++) {
            double out = minute == 3 || minute == 20 || minute == 21 ? 1 : minute == 15 ? 4 : 0;
            assertThat(detector.observe(minute * 60, Map.of(SignalSampler.FLIPS_OUT, out, SignalNames.HEALTH_FLIPS,
                    out + 6))).extracting(PhaseDetector.Detected::name).doesNotContain("nlb.flapping");
        }
        List<String> names = new java.util.ArrayList<>();
        for (int minute = 30; minute < 45; minute++) {
            detector.observe(minute * 60, Map.of(SignalSampler.FLIPS_OUT, 2.0))
                    .forEach(event -> names.add(event.name() + "@" + (long) event.seconds()));
        }
        // 1 per minute over 10 minutes is 10 flips: reached at minute 34, dated from the first of them
        assertThat(names).containsExactly("nlb.flapping@1800");
    }

    @Test
    void phasesAreMeasuredFromT0AgainstAwsTimes() {
        List<GameDayView.Event> timeline = List.of(
                new GameDayView.Event("mechanism", "dns.regional.empty", 100, Map.of()),
                new GameDayView.Event("mechanism", "dwfm.checkins.failing", 130, Map.of()),
                new GameDayView.Event("operator", "runbook.restore-dns", 9500, Map.of()),
                new GameDayView.Event("mechanism", "dns.regional.restored", 9520, Map.of()),
                new GameDayView.Event("mechanism", "dwfm.collapse", 9520, Map.of()),
                new GameDayView.Event("mechanism", "dynamo.clients.recovered", 10400, Map.of()),
                new GameDayView.Event("operator", "runbook.dwfm-restart", 16000, Map.of()),
                new GameDayView.Event("operator", "runbook.dwfm-throttle", 16100, Map.of()),
                new GameDayView.Event("mechanism", "dwfm.leases.all", 20500, Map.of()));
        List<GameDayView.Phase> phases = Phases.measure(timeline, 100.0);
        assertThat(phases).extracting(GameDayView.Phase::id).containsExactly("1-dns", "2a-lease-decay", "2b-collapse",
                "2c-lease-recovery", "3-propagation-backlog", "4-nlb-flapping", "5-throttle-relaxation");
        assertThat(phases.get(0)).extracting(GameDayView.Phase::startSeconds, GameDayView.Phase::endSeconds)
                .containsExactly(0.0, 10300.0);
        assertThat(phases.get(1).endSeconds()).isEqualTo(9420.0);
        assertThat(phases.get(2)).extracting(GameDayView.Phase::startSeconds, GameDayView.Phase::endSeconds)
                .containsExactly(9420.0, 16000.0);
        assertThat(phases.get(3)).extracting(GameDayView.Phase::startSeconds, GameDayView.Phase::endSeconds)
                .containsExactly(16000.0, 20400.0);
        assertThat(phases.get(3).awsSeconds()).isEqualTo(4440.0);
        assertThat(phases.get(4).occurred()).isFalse();
    }

    private void observe(double t, Map<String, Double> sample) {
        Map<String, Double> s = new HashMap<>(sample);
        detector.observe(t, s).forEach(d -> events.add(new GameDayView.Event("mechanism", d.name(), d.seconds(), d.details())));
    }
}
