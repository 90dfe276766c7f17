package io.cascadelab.gateway.ec2;

import io.cascadelab.gateway.throttle.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code cascade.ec2.launches{az,outcome}}, {@code cascade.ec2.terminations{az}}, {@code cascade.ec2.throttle.rate}. */
public final class Ec2Metrics {

    static final String SUCCESS = "success";
    static final String INSUFFICIENT_CAPACITY = "insufficient_capacity";
    static final String THROTTLED = "throttled";
    static final String ERROR = "error";
    /** The az tag of a launch that never reached an AZ (throttled, or no AZ requested and none could place it). */
    static final String ANY_AZ = "any";

    private final MeterRegistry registry;

    public Ec2Metrics(MeterRegistry registry, TokenBucket bucket) {
        this.registry = registry;
        Gauge.builder("cascade.ec2.throttle.rate", bucket, TokenBucket::perSecond)
                .description("RunInstances requests admitted per incident second (0 = unlimited)").register(registry);
    }

    void launch(String az, String outcome) {
        Counter.builder("cascade.ec2.launches").description("RunInstances outcomes")
                .tag("az", az).tag("outcome", outcome).register(registry).increment();
    }

    void termination(String az) {
        Counter.builder("cascade.ec2.terminations").description("Instances terminated through the EC2 API")
                .tag("az", az).register(registry).increment();
    }
}
