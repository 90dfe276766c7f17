package io.cascadelab.dynamo.node;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Per-node request metrics under {@code cascade.dynamo.}; instance and AZ tags come from the platform. */
public final class NodeMetrics {

    private final MeterRegistry registry;
    private final Counter throttles;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.throttles = Counter.builder("cascade.dynamo.throttles")
                .description("Requests shed with ThrottlingException").register(registry);
        registry.gauge("cascade.dynamo.inflight", inFlight);
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished(String operation, Duration elapsed, String errorType) {
        inFlight.decrementAndGet();
        requests.computeIfAbsent(operation, op -> Counter.builder("cascade.dynamo.requests").tag("operation", op)
                .description("Requests by operation").register(registry)).increment();
        latency.computeIfAbsent(operation, op -> Timer.builder("cascade.dynamo.latency").tag("operation", op)
                .publishPercentileHistogram().description("Request latency by operation").register(registry))
                .record(elapsed);
        if (errorType != null) {
            error(operation, errorType);
        }
    }

    public void throttled(String operation) {
        throttles.increment();
        error(operation, "ThrottlingException");
    }

    private void error(String operation, String type) {
        errors.computeIfAbsent(operation + "|" + type, k -> Counter.builder("cascade.dynamo.errors")
                .tag("operation", operation).tag("type", type).description("Errors by __type").register(registry))
                .increment();
    }
}
