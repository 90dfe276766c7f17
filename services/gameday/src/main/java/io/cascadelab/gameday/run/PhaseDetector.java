package io.cascadelab.gameday.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cascadelab.gameday.signal.SignalSampler;

/**
 * Watches the signals and names what the mechanisms did, the way monitoring would: the regional name
 * emptied, check-ins started failing, the lease queue collapsed, every droplet is leased again, the
 * propagation backlog formed and drained, targets flapped, launches are normal again. It never looks at
 * the scenario; only at what the fleet exports.
 */
public final class PhaseDetector {

    /**
     * @param window            how long (incident seconds) a condition must hold to count (collapse,
     *                          recovery, normal launches)
     * @param collapseGoodput   re-leased fraction of the fleet within the window below which the DWFM
     *                          queue is in collapse
     * @param backlogAge        propagations completing this late on average (incident seconds, event to droplet) are
     *                          a backlog
     * @param normalAge         ... and completing within this again is normal
     * @param flipsPerMinute    targets (or nodes) taken out of service per incident minute, averaged over
     *                          {@code flapWindow}, that count as flapping: 1 is 10 in 10 minutes. The idle
     *                          fleet at 60x flips about 1.7 out of service per 10 minutes (instance recycling, and
     *                          checks a busy machine answers past their timeout); a checker host without network
     *                          state makes it tens
     * @param flapWindow        incident seconds the flip rate is averaged over
     */
    public record Thresholds(double window, double collapseGoodput, double backlogAge, double normalAge,
                             double flipsPerMinute, double flapWindow) {

        public static Thresholds defaults() {
            return new Thresholds(600, 0.05, 600, 120, 1.0, 600);
        }
    }

    /** A detected event, at incident seconds since the run started. */
    public record Detected(String name, double seconds, Map<String, String> details) {
    }

    private final Thresholds thresholds;
    private final List<Detected> detected = new ArrayList<>();

    private boolean sawAnswers;
    private Double emptyAt;
    private Double restoredAt;
    private boolean clientsRecovered;
    private boolean checkinsFailing;
    private Double collapseWindowStart;
    private double collapseWindowStartActive;
    private boolean collapsed;
    private Double leasedDipAt;
    private boolean allLeased;
    private Double backlogAt;
    private Double normalSince;
    private boolean backlogDrained;
    private boolean flapping;
    private final java.util.ArrayDeque<double[]> flipsOut = new java.util.ArrayDeque<>();
    private Double launchesNormalSince;
    private boolean launchesNormal;
    private boolean relaxing;

    public PhaseDetector(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public boolean has(String name) {
        return detected.stream().anyMatch(event -> event.name().equals(name));
    }

    /** Operators started relaxing EC2 throttles (phase 5 needs to know; it ends by mechanism). */
    public void relaxationStarted() {
        relaxing = true;
    }

    /** @return the events this sample revealed */
    public List<Detected> observe(double t, Map<String, Double> s) {
        List<Detected> found = new ArrayList<>();
        double answers = s.getOrDefault(SignalNames.DNS_ANSWERS, Double.NaN);
        if (answers > 0) {
            sawAnswers = true;
        }
        if (emptyAt == null && sawAnswers && answers == 0) {
            emptyAt = t;
            add(found, "dns.regional.empty", t, Map.of());
        }
        if (emptyAt != null && restoredAt == null && answers > 0) {
            restoredAt = t;
            add(found, "dns.regional.restored", t, Map.of("answers", Long.toString((long) answers)));
        }
        double dynamoErrors = s.getOrDefault(SignalNames.DYNAMO_ERROR_RATE, Double.NaN);
        if (restoredAt != null && !clientsRecovered && s.getOrDefault(SignalSampler.DYNAMO_REQUESTS, 0.0) > 0
                && dynamoErrors == 0) {
            clientsRecovered = true;
            add(found, "dynamo.clients.recovered", t, Map.of());
        }
        if (!checkinsFailing && s.getOrDefault(SignalSampler.CHECKIN_FAILURES, 0.0) > 0) {
            checkinsFailing = true;
            add(found, "dwfm.checkins.failing", t, Map.of());
        }
        leases(t, s, found);
        propagation(t, s, found);
        flapping(t, s, found);
        launches(t, s, found);
        return found;
    }

    private void leases(double t, Map<String, Double> s, List<Detected> found) {
        double active = s.getOrDefault(SignalNames.LEASES_ACTIVE, Double.NaN);
        double total = s.getOrDefault(SignalSampler.LEASES_TOTAL, Double.NaN);
        double queue = s.getOrDefault(SignalNames.DWFM_QUEUE_DEPTH, Double.NaN);
        if (Double.isNaN(active) || Double.isNaN(total) || total == 0) {
            return;
        }
        if (leasedDipAt == null && active < total) {
            leasedDipAt = t;
        }
        // Collapse: the way back is open (the regional name answers, or DWFM's own check-ins succeed again),
        // work is queued, yet within a whole window hardly any droplet gets leased.
        boolean pathOpen = restoredAt != null || (checkinsFailing && s.getOrDefault(SignalSampler.CHECKIN_SUCCESSES, 0.0) > 0);
        if (!collapsed && pathOpen && active < total && queue > 0) {
            if (collapseWindowStart == null) {
                collapseWindowStart = t;
                collapseWindowStartActive = active;
            } else if (t - collapseWindowStart >= thresholds.window()) {
                if (active - collapseWindowStartActive < thresholds.collapseGoodput() * total) {
                    collapsed = true;
                    add(found, "dwfm.collapse", collapseWindowStart, Map.of("queue", Long.toString((long) queue),
                            "active", Long.toString((long) active), "total", Long.toString((long) total)));
                } else {
                    collapseWindowStart = t;
                    collapseWindowStartActive = active;
                }
            }
        } else if (!collapsed) {
            collapseWindowStart = null;
        }
        if (!allLeased && leasedDipAt != null && active >= total && total > 0) {
            allLeased = true;
            add(found, "dwfm.leases.all", t, Map.of("active", Long.toString((long) active)));
        }
    }

    /**
     * Propagation times, as AWS judged them ("network propagation times returned to normal"): how late the
     * propagations that complete arrive. Changes waiting for a droplet that has no lease do not count until they
     * complete — while DWFM is down nothing completes; once the leases are back, the delayed ones complete hours late.
     */
    private void propagation(double t, Map<String, Double> s, List<Detected> found) {
        double latency = s.getOrDefault(SignalSampler.PROPAGATION_LATENCY, Double.NaN);
        if (Double.isNaN(latency)) {
            return; // nothing completed in this sample: it says nothing either way
        }
        if (backlogAt == null && latency > thresholds.backlogAge()) {
            backlogAt = t;
            add(found, "netmgr.backlog", t, Map.of("latencySeconds", Long.toString((long) latency)));
        }
        if (backlogAt != null && !backlogDrained) {
            if (latency < thresholds.normalAge()) {
                if (normalSince == null) {
                    normalSince = t;
                } else if (t - normalSince >= thresholds.window()) {
                    backlogDrained = true;
                    add(found, "netmgr.latency.normal", normalSince, Map.of());
                }
            } else {
                normalSince = null;
            }
        }
    }

    /**
     * A target entering service is routine, and so is one new target failing its first checks; flapping is targets
     * and nodes being taken out of service again and again: out-of-service flips at a sustained rate, averaged over
     * a whole window (one sample is an incident minute or less, too short to tell a burst from a rate).
     */
    private void flapping(double t, Map<String, Double> s, List<Detected> found) {
        double out = s.getOrDefault(SignalSampler.FLIPS_OUT, 0.0);
        flipsOut.addLast(new double[] {t, Double.isNaN(out) ? 0 : out});
        while (!flipsOut.isEmpty() && flipsOut.peekFirst()[0] < t - thresholds.flapWindow()) {
            flipsOut.removeFirst();
        }
        double inWindow = flipsOut.stream().mapToDouble(sample -> sample[1]).sum();
        if (!flapping && inWindow >= thresholds.flipsPerMinute() * thresholds.flapWindow() / 60) {
            flapping = true;
            double since = flipsOut.stream().filter(sample -> sample[1] > 0).mapToDouble(sample -> sample[0]).min().orElse(t);
            add(found, "nlb.flapping", since, Map.of("outOfServiceFlips", Long.toString((long) inWindow)));
        }
    }

    private void launches(double t, Map<String, Double> s, List<Detected> found) {
        if (!relaxing || launchesNormal) {
            return;
        }
        boolean normal = s.getOrDefault(SignalNames.LAUNCHES_OK, 0.0) > 0
                && s.getOrDefault(SignalNames.LAUNCHES_FAILED, 0.0) == 0;
        if (normal) {
            if (launchesNormalSince == null) {
                launchesNormalSince = t;
            } else if (t - launchesNormalSince >= thresholds.window()) {
                launchesNormal = true;
                add(found, "ec2.launches.normal", launchesNormalSince, Map.of());
            }
        } else {
            launchesNormalSince = null;
        }
    }

    private void add(List<Detected> found, String name, double t, Map<String, String> details) {
        Detected event = new Detected(name, t, details);
        detected.add(event);
        found.add(event);
    }
}
