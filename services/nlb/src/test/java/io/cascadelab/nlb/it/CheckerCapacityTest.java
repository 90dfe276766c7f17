package io.cascadelab.nlb.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.health.AzFailover;
import io.cascadelab.nlb.health.CheckOrigin;
import io.cascadelab.nlb.health.HealthChecker;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checker's finite capacity on its own, with the default health settings (2 workers, 1.5 s per check, 30 s /
 * 5 s intervals, 10 s timeout) at time scale 10 (slow enough that a loaded machine's own delays stay small beside the timeout): a healthy group is checked well inside the timeout; once enough
 * targets without network state are added, their fast re-checks saturate the workers, answers come after the
 * timeout, and targets whose instances answer every check fall out of service.
 */
class CheckerCapacityTest {

    static final TimeScale SCALE = new TimeScale(10);

    @Test
    void failingTargetsReCheckedFastSaturateTheCheckerUntilHealthyTargetsTimeOut() throws Exception {
        NlbProperties.Health health = new NlbProperties.Health(Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 2, 3, 2, Duration.ofMillis(1500), 1000, Duration.ofSeconds(2));
        NlbProperties.Failover failoverConfig = new NlbProperties.Failover(2, Duration.ofMinutes(15), 1, 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NlbMetrics metrics = new NlbMetrics(registry);
        TargetGroup targets = new TargetGroup(true, 2, 3, metrics::flip);
        IncidentClock clock = new IncidentClock(Clock.systemUTC(), SCALE, Instant.now());
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        try (FakeDroplets droplets = new FakeDroplets();
             HealthChecker checker = new HealthChecker(health, failoverConfig, clock, targets, List.of(),
                     URI.create(droplets.url()), HttpClient.newHttpClient(),
                     new FaultHook(Clock.systemUTC(), new SplittableRandom(1), registry), new SplittableRandom(3),
                     metrics, new AzFailover(Mode.INCIDENT, List.of(), Duration.ofMinutes(15), 1, 2), CheckOrigin.LOCAL,
                     azs -> { })) {
            List<String> healthy = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = String.format("i-0a%015d", i);
                droplets.launch(id, "az" + (1 + i % 3));
                targets.register(id, "az" + (1 + i % 3), Instant.now());
                healthy.add(id);
            }
            ticks.scheduleAtFixedRate(checker::tick, 0, SCALE.toWall(health.tick()).toMillis(), TimeUnit.MILLISECONDS);

            // 90 incident seconds of a healthy group: 12 checks per 30 s against 1.33 per second of capacity
            Thread.sleep(SCALE.toWall(Duration.ofSeconds(90)).toMillis());
            assertThat(healthy).allMatch(id -> targets.get(id).orElseThrow().inService());
            assertThat(registry.find("cascade.nlb.health.flips").counters()).isEmpty();
            var latency = registry.get("cascade.nlb.healthcheck.latency").timer();
            long calmCount = latency.count();
            double calmTotal = latency.totalTime(TimeUnit.MILLISECONDS);
            assertThat(calmTotal / calmCount).isLessThan(SCALE.toWall(health.timeout()).toMillis());

            // 15 new targets whose network state never arrives: each is re-checked every 5 s instead of 30 s
            droplets.propagationDelay(Duration.ofDays(1));
            for (int i = 0; i < 15; i++) {
                String id = String.format("i-0b%015d", i);
                droplets.launch(id, "az" + (1 + i % 3));
                targets.register(id, "az" + (1 + i % 3), Instant.now());
            }
            await().atMost(Duration.ofSeconds(45)).until(() -> healthy.stream()
                    .anyMatch(id -> !targets.get(id).orElseThrow().inService()));
            // the checks since the flood waited far longer than before it
            double floodMean = (latency.totalTime(TimeUnit.MILLISECONDS) - calmTotal) / (latency.count() - calmCount);
            assertThat(floodMean).isGreaterThan(calmTotal / calmCount * 1.5);
        } finally {
            ticks.shutdownNow();
        }
    }
}
