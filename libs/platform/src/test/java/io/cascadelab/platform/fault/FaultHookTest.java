package io.cascadelab.platform.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import io.cascadelab.platform.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FaultHookTest {

    private final MutableClock wall = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FaultHook hook = new FaultHook(wall, new SplittableRandom(7), registry);

    private Fault egress(String id, List<String> to, Duration latency, double loss, double error) {
        return new Fault(id, new Fault.Egress(to, latency, Duration.ZERO, 0.0, loss, error), null, null,
                wall.instant().plusSeconds(60));
    }

    @Test
    void anIdleHookLetsEverythingThroughAndCountsNothing() throws IOException {
        hook.beforeEgress("zone", 18053);
        assertThat(hook.onIngress("/")).isEmpty();
        assertThat(hook.onDnsLookup("dynamodb.us-east-1.cascade.test")).isEmpty();
        assertThat(registry.get("cascade.faults.injected").counter().count()).isZero();
    }

    @Test
    void latencyDelaysOnlyTheChosenDestination() throws IOException {
        hook.install(egress("slow-zone", List.of("127.0.0.1:18053"), Duration.ofMillis(150), 0, 0));
        long start = System.nanoTime();
        hook.beforeEgress("127.0.0.1", 18053);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(registry.get("cascade.faults.injected").counter().count()).isEqualTo(1);

        hook.beforeEgress("127.0.0.1", 19092);
        assertThat(registry.get("cascade.faults.injected").counter().count()).isEqualTo(1);
    }

    @Test
    void errorsRefuseTheConnectionAndLossTimesOut() {
        hook.install(egress("refuse", List.of("*.cascade.test"), Duration.ZERO, 0, 100));
        assertThatThrownBy(() -> hook.beforeEgress("dynamodb.us-east-1.cascade.test", 18000))
                .isInstanceOf(ConnectException.class);
        hook.clear();
        hook.install(egress("drop", List.of(), Duration.ZERO, 100, 0));
        assertThatThrownBy(() -> hook.beforeEgress("anything", 1)).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aFaultLiftsItselfWhenItsDurationEnds() {
        hook.install(egress("refuse", List.of(), Duration.ZERO, 0, 100));
        wall.advance(Duration.ofSeconds(61));
        assertThatCode(() -> hook.beforeEgress("zone", 1)).doesNotThrowAnyException();
        assertThat(hook.active()).isEmpty();
    }

    @Test
    void installingTheSameIdReplacesAndRemovingLiftsIt() {
        hook.install(egress("f", List.of(), Duration.ofMillis(5), 0, 0));
        hook.install(egress("f", List.of(), Duration.ofMillis(9), 0, 0));
        assertThat(hook.active()).singleElement().extracting(f -> f.egress().latency()).isEqualTo(Duration.ofMillis(9));
        assertThat(hook.remove("f")).isTrue();
        assertThat(hook.remove("f")).isFalse();
        assertThat(hook.active()).isEmpty();
    }

    @Test
    void ingressAndDnsFaultsMatchTheirPathsAndNames() {
        hook.install(new Fault("in", null, new Fault.Ingress(List.of("/2013-04-01/"), Duration.ofMillis(20), 100.0),
                new Fault.Dns(List.of("*.us-east-1.cascade.test"), Fault.Dns.Action.ERROR), wall.instant().plusSeconds(5)));
        assertThat(hook.onIngress("/actuator/health")).isEmpty();
        assertThat(hook.onIngress("/2013-04-01/hostedzone/Z1/rrset")).hasValueSatisfying(verdict -> {
            assertThat(verdict.abort()).isTrue();
            assertThat(verdict.delay()).isEqualTo(Duration.ofMillis(20));
        });
        assertThat(hook.onDnsLookup("dynamodb.us-east-1.cascade.test.")).contains(Fault.Dns.Action.ERROR);
        assertThat(hook.onDnsLookup("zone.cascade.test")).isEmpty();
    }

    @Test
    void jitterStaysWithinItsBoundsAndNeverMakesLatencyNegative() throws IOException {
        hook.install(new Fault("j", new Fault.Egress(List.of(), Duration.ofMillis(2), Duration.ofMillis(50), 0.5, 0.0, 0.0),
                null, null, wall.instant().plusSeconds(60)));
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            hook.beforeEgress("x", 1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Fault.Egress(List.of(), Duration.ofMillis(-1), null, 0.0, 0.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault.Egress(List.of(), null, null, 0.0, 101.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault("bad id!", null, null, new Fault.Dns(List.of(), Fault.Dns.Action.ERROR),
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault("empty", null, null, null, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
