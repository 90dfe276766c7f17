package io.cascadelab.enactor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The enactor's meters. The platform tags every meter with {@code instance} and {@code az}. */
public final class EnactorMetrics {

    private final MeterRegistry registry;
    private final AtomicLong appliedGeneration = new AtomicLong();

    public EnactorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("cascade.dns.enactor.applied.generation", appliedGeneration, AtomicLong::get)
                .description("Newest plan generation this enactor has applied").register(registry);
    }

    public void applied(long generation) {
        appliedGeneration.set(generation);
    }

    public long appliedGeneration() {
        return appliedGeneration.get();
    }

    /** @param outcome applied, abandoned, incomplete */
    public void pass(String outcome, Duration elapsed) {
        Timer.builder("cascade.dns.enactor.apply.duration").description("Wall time of one pass over a plan")
                .tag("outcome", outcome).register(registry).record(elapsed);
    }

    /** @param reason busy (PriorRequestNotComplete, throttling, network) or rejected (InvalidChangeBatch) */
    public void retry(String reason) {
        Counter.builder("cascade.dns.enactor.retries").tag("reason", reason).register(registry).increment();
    }

    /** @param outcome applied, newer (fixed: endpoint already past this plan), failed */
    public void endpoint(String outcome) {
        Counter.builder("cascade.dns.enactor.endpoints").tag("outcome", outcome).register(registry).increment();
    }

    public void skippedInconsistent() {
        Counter.builder("cascade.dns.enactor.endpoints.inconsistent")
                .description("Endpoints not updated because their active plan is missing from the store")
                .register(registry).increment();
    }

    /** @param what plan (from the store) or record-set (from the zone) */
    public void deleted(String what, int count) {
        Counter.builder("cascade.dns.enactor.cleanup.deletions").tag("what", what).register(registry)
                .increment(count);
    }
}
