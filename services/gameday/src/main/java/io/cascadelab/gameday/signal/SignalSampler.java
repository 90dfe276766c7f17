package io.cascadelab.gameday.signal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.cascadelab.gameday.run.SignalNames;

/**
 * Turns what the fleet exports (each instance's {@code /actuator/prometheus}, the DNS prober, the customer
 * load) into the run's signals: levels are summed across instances, counters become rates per incident
 * minute. A counter that goes down belongs to a restarted process and counts from zero again.
 *
 * <p>Besides the charted {@link SignalNames}, a sample carries detector inputs under names starting with
 * {@code _}.
 */
public final class SignalSampler {

    /** Detector inputs that are not charted. */
    public static final String CHECKIN_FAILURES = "_checkinFailures";
    public static final String CHECKIN_SUCCESSES = "_checkinSuccesses";
    public static final String LEASES_TOTAL = "_leasesTotal";
    public static final String EC2_THROTTLE_RATE = "_ec2ThrottleRate";
    public static final String LAUNCHES_THROTTLED = "_launchesThrottled";
    public static final String DYNAMO_REQUESTS = "_dynamoRequests";
    public static final String NLB_REQUESTS = "_nlbRequests";
    public static final String FAILOVERS = "_failovers";
    /** Flips that took a target or node out of service after it had served (not first entries), since the last sample. */
    public static final String FLIPS_OUT = "_flipsOut";
    public static final String NLB_TARGETS = "_nlbTargets";
    /** Instances that did not answer this sample's scrape: their signals are missing from every sum. */
    public static final String INSTANCES_MISSING = "_instancesMissing";
    /**
     * Mean propagation latency (event to droplet, incident seconds) of the propagations Network Manager completed
     * since the last sample; NaN when none completed.
     */
    public static final String PROPAGATION_LATENCY = "_propagationLatency";

    /** Customer requests since the last sample, by target and outcome. */
    public interface CustomerCounts {
        long take(String target, String outcome);
    }

    private final Supplier<Map<String, List<PrometheusText.Sample>>> scrape;
    private final Supplier<Integer> dnsAnswers;
    private final CustomerCounts customers;
    private final Map<String, Double> previousCounters = new HashMap<>();
    private final Map<String, Double> deltasThisSample = new HashMap<>();
    private final double timeScale;

    public SignalSampler(Supplier<Map<String, List<PrometheusText.Sample>>> scrape, Supplier<Integer> dnsAnswers,
                         CustomerCounts customers) {
        this(scrape, dnsAnswers, customers, 1);
    }

    /** @param timeScale the fleet's, to turn the wall-time latencies services export into incident time */
    public SignalSampler(Supplier<Map<String, List<PrometheusText.Sample>>> scrape, Supplier<Integer> dnsAnswers,
                         CustomerCounts customers, double timeScale) {
        this.scrape = scrape;
        this.dnsAnswers = dnsAnswers;
        this.customers = customers;
        this.timeScale = timeScale;
    }

    /** @param incidentMinutes incident minutes since the previous sample, to turn counts into rates */
    public Map<String, Double> sample(double incidentMinutes) {
        Map<String, List<PrometheusText.Sample>> byInstance = scrape.get();
        deltasThisSample.clear();
        double per = incidentMinutes > 0 ? 1 / incidentMinutes : 0;
        Map<String, Double> out = new LinkedHashMap<>();
        Integer answers = dnsAnswers.get();
        out.put(SignalNames.DNS_ANSWERS, answers == null ? Double.NaN : answers);
        out.put(INSTANCES_MISSING, (double) byInstance.values().stream().filter(List::isEmpty).count());

        long dynamoOk = customers.take("dynamo", "success");
        long dynamoFailed = customers.take("dynamo", "connection_error") + customers.take("dynamo", "error");
        out.put(SignalNames.DYNAMO_ERROR_RATE, rate(dynamoFailed, dynamoOk + dynamoFailed));
        out.put(DYNAMO_REQUESTS, (double) (dynamoOk + dynamoFailed));
        long nlbOk = customers.take("nlb", "success");
        long nlbFailed = customers.take("nlb", "connection_error") + customers.take("nlb", "error");
        out.put(SignalNames.CUSTOMER_ERROR_RATE, rate(nlbFailed, nlbOk + nlbFailed));
        out.put(NLB_REQUESTS, (double) (nlbOk + nlbFailed));

        out.put(SignalNames.LEASES_ACTIVE, level(byInstance, "cascade_dwfm_leases", l -> "active".equals(l.get("state"))));
        out.put(SignalNames.LEASES_EXPIRED, level(byInstance, "cascade_dwfm_leases", l -> "expired".equals(l.get("state"))));
        out.put(SignalNames.LEASES_ESTABLISHING, level(byInstance, "cascade_dwfm_leases",
                l -> "establishing".equals(l.get("state"))));
        out.put(LEASES_TOTAL, level(byInstance, "cascade_dwfm_leases", l -> true));
        out.put(SignalNames.DWFM_QUEUE_DEPTH, level(byInstance, "cascade_dwfm_queue_depth", l -> true));
        out.put(SignalNames.DWFM_GOODPUT, per * delta(byInstance, "cascade_dwfm_lease_work_total",
                l -> "completed".equals(l.get("outcome"))));
        out.put(CHECKIN_FAILURES, delta(byInstance, "cascade_dwfm_checkins_total", l -> "failure".equals(l.get("outcome"))));
        out.put(CHECKIN_SUCCESSES, delta(byInstance, "cascade_dwfm_checkins_total", l -> "success".equals(l.get("outcome"))));

        out.put(SignalNames.PROPAGATION_BACKLOG, level(byInstance, "cascade_netmgr_queue_depth", l -> true));
        out.put(SignalNames.PROPAGATION_AGE, level(byInstance, "cascade_netmgr_event_age_seconds", l -> true));
        double completed = delta(byInstance, "cascade_netmgr_propagation_latency_seconds_count", l -> true);
        double waited = delta(byInstance, "cascade_netmgr_propagation_latency_seconds_sum", l -> true);
        out.put(PROPAGATION_LATENCY, completed > 0 ? waited / completed * timeScale : Double.NaN);

        out.put(SignalNames.HEALTHY_TARGETS, level(byInstance, "cascade_nlb_healthy_targets", l -> true));
        out.put(SignalNames.AZS_IN_DNS, level(byInstance, "cascade_nlb_azs_in_dns", l -> true));
        out.put(SignalNames.HEALTH_FLIPS, per * delta(byInstance, "cascade_nlb_health_flips_total", l -> true));
        out.put(FLIPS_OUT, delta(byInstance, "cascade_nlb_health_flips_total", l -> "out_of_service".equals(l.get("to"))));
        out.put(NLB_TARGETS, level(byInstance, "cascade_nlb_targets", l -> true));
        out.put(FAILOVERS, delta(byInstance, "cascade_nlb_failovers_total", l -> true));

        out.put(SignalNames.LAUNCHES_OK, per * delta(byInstance, "cascade_ec2_launches_total",
                l -> "success".equals(l.get("outcome"))));
        double throttled = delta(byInstance, "cascade_ec2_launches_total", l -> "throttled".equals(l.get("outcome")));
        out.put(LAUNCHES_THROTTLED, throttled);
        out.put(SignalNames.LAUNCHES_FAILED, per * (throttled + delta(byInstance, "cascade_ec2_launches_total",
                l -> l.get("outcome") != null && !"success".equals(l.get("outcome")) && !"throttled".equals(l.get("outcome")))));
        out.put(EC2_THROTTLE_RATE, level(byInstance, "cascade_ec2_throttle_rate", l -> true));
        return out;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** Sum of a gauge across every instance that exports it; NaN when none does (the service is down). */
    private static double level(Map<String, List<PrometheusText.Sample>> byInstance, String name,
                                Predicate<Map<String, String>> labels) {
        double sum = 0;
        boolean seen = false;
        for (List<PrometheusText.Sample> samples : byInstance.values()) {
            for (PrometheusText.Sample sample : samples) {
                if (sample.name().equals(name) && labels.test(sample.labels())) {
                    sum += sample.value();
                    seen = true;
                }
            }
        }
        return seen ? sum : Double.NaN;
    }

    /** Increase of a counter since the previous sample, per series; a restarted process counts from zero. */
    private double delta(Map<String, List<PrometheusText.Sample>> byInstance, String name,
                         Predicate<Map<String, String>> labels) {
        double sum = 0;
        for (Map.Entry<String, List<PrometheusText.Sample>> entry : byInstance.entrySet()) {
            for (PrometheusText.Sample sample : entry.getValue()) {
                if (sample.name().equals(name) && labels.test(sample.labels())) {
                    String key = entry.getKey() + "/" + name + sample.labels();
                    // one series can feed several signals (all flips, and flips out of service): its increase
                    // since the previous sample is taken once and read by each
                    sum += deltasThisSample.computeIfAbsent(key, k -> {
                        Double before = previousCounters.put(k, sample.value());
                        if (before == null) {
                            return 0.0;
                        }
                        return sample.value() >= before ? sample.value() - before : sample.value();
                    });
                }
            }
        }
        return sum;
    }
}
