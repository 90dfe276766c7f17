package io.cascadelab.nlb;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.cascadelab.nlb.health.AzFailover;
import io.cascadelab.nlb.target.TargetGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The NLB's meters (docs/fleet-interfaces.md). The platform tags every meter with {@code instance} and {@code az}. */
public final class NlbMetrics {

    private final MeterRegistry registry;
    private final Timer checkLatency;

    public NlbMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.checkLatency = Timer.builder("cascade.nlb.healthcheck.latency")
                .description("From a health check falling due to its result, queueing in the checker included (wall)")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Gauges read live state; call once the group and the failover exist. */
    public void bind(List<String> azs, TargetGroup targets, AzFailover failover, Supplier<Number> queued) {
        for (String az : azs) {
            // the meter's own az tag (the target's AZ) wins over the platform's common az tag (empty here)
            Gauge.builder("cascade.nlb.healthy.targets", targets, t -> t.inService(az)).tag("az", az)
                    .description("Targets in service").register(registry);
            Gauge.builder("cascade.nlb.targets", targets, t -> t.count(az)).tag("az", az)
                    .description("Registered targets").register(registry);
        }
        Gauge.builder("cascade.nlb.azs.in.dns", failover, f -> f.inDns().size())
                .description("AZs whose node address is in the load balancer's record").register(registry);
        Gauge.builder("cascade.nlb.failover.enabled", failover, f -> f.enabled() ? 1 : 0)
                .description("1 while automatic AZ DNS failover is enabled").register(registry);
        // a supplier gauge holds its supplier strongly (a state-object gauge would only hold it weakly)
        Gauge.builder("cascade.nlb.healthcheck.queue", queued)
                .description("Health checks waiting for a checker worker").register(registry);
    }

    public void bindCheckerHosts(Supplier<Number> hosts) {
        Gauge.builder("cascade.nlb.checker.hosts", hosts)
                .description("EC2 instances in the health-check subsystem's rotation").register(registry);
    }

    /** A launch of a checker host, by outcome (success, insufficient_capacity, throttled, error). */
    public void checkerHostLaunch(String outcome) {
        Counter.builder("cascade.nlb.checker.host.launches").tag("outcome", outcome)
                .description("Checker hosts launched through RunInstances").register(registry).increment();
    }

    /** A check failed before reaching its node or target: the host it ran from had no network state. */
    public void checkFromHostWithoutNetwork() {
        Counter.builder("cascade.nlb.healthcheck.host.no.network")
                .description("Checks failed because the checker host they ran from had no network state")
                .register(registry).increment();
    }

    public void checked(Duration latency) {
        checkLatency.record(latency);
    }

    public Timer checkLatency() {
        return checkLatency;
    }

    /**
     * A target (or node) moved in or out of service. {@code to} tells which way: a target put in service for the
     * first time is routine; one taken out after serving is what flapping is made of.
     */
    public void flip(String az, boolean nowInService) {
        Counter.builder("cascade.nlb.health.flips").tag("az", az).tag("to", nowInService ? "in_service" : "out_of_service")
                .description("Targets and nodes moved in or out of service").register(registry).increment();
    }

    /** Failover removed an AZ's node from DNS. */
    public void failover(String az) {
        Counter.builder("cascade.nlb.failovers").tag("az", az).register(registry).increment();
    }

    /** @param outcome success, insufficient_capacity, throttled, error */
    public void launch(String az, String outcome) {
        Counter.builder("cascade.nlb.launches").tag("az", az).tag("outcome", outcome).register(registry).increment();
    }

    /** A target retired at the end of its instance lifetime (replaced first, then terminated). */
    public void retired(String az) {
        Counter.builder("cascade.nlb.retirements").description("Targets retired at the end of their instance lifetime")
                .tag("az", az).register(registry).increment();
    }

    public void terminated(String az) {
        Counter.builder("cascade.nlb.replacements").description("Targets terminated for being out of service too long")
                .tag("az", az).register(registry).increment();
    }

    /** @param outcome forwarded, connection_error (reset: no target, or the target did not answer) */
    public void connection(String az, String outcome) {
        Counter.builder("cascade.nlb.connections").tag("az", az).tag("outcome", outcome).register(registry)
                .increment();
    }

    /** A check that found the checker's queue full (tried again on a later tick). */
    public void checkSkipped() {
        Counter.builder("cascade.nlb.healthcheck.skipped").register(registry).increment();
    }

    /** @param outcome applied, failed */
    public void dnsWrite(String outcome) {
        Counter.builder("cascade.nlb.dns.writes").tag("outcome", outcome).register(registry).increment();
    }
}
