package io.cascadelab.enactor.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fixed enactors against the real zone service, real {@code Route53Client} and real DNS queries, for a few
 * seeds (the hundred-seed property runs on the in-memory double in {@code apply.FixedModePropertyTest}). Each
 * seed picks a slow enactor and every enactor's egress latency; the slow one's pass outlives the plan
 * deadline, so it also abandons plans. Every endpoint is queried over DNS continuously: none may ever answer
 * without addresses, and the regional endpoint's generation must keep advancing.
 */
class FixedModeAgainstRealZoneTest {

    private static final Logger log = LoggerFactory.getLogger(FixedModeAgainstRealZoneTest.class);
    static final Duration OBSERVE = Duration.ofSeconds(12);

    @Test
    void fixedEnactorsNeverEmptyAnyEndpointOverRealDnsForSeveralSeeds() {
        Fleet fleet = Fleet.get();
        for (long seed : new long[] {21, 22}) {
            SplittableRandom random = new SplittableRandom(seed);
            int slow = 1 + random.nextInt(3);
            try (Enactors enactors = new Enactors(fleet, "fixed", seed, "--cascade.enactor.cleanup.keep-generations=3",
                    "--cascade.enactor.poll-interval=15s", "--cascade.enactor.apply.plan-deadline=5m")) {
                List<String> endpoints = fleet.endpoints();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                        .until(() -> endpoints.stream().noneMatch(name -> fleet.addresses(name).isEmpty()));
                StringBuilder latencies = new StringBuilder();
                for (int az = 1; az <= 3; az++) {
                    Duration latency = Duration.ofMillis(az == slow ? 150 + random.nextInt(250) : random.nextInt(40));
                    enactors.delayEgress(az, latency, latency.dividedBy(3));
                    latencies.append(" az").append(az).append('=').append(latency.toMillis()).append("ms");
                }
                long regionalBefore = fleet.generationInDns(Fleet.REGIONAL).orElseThrow();
                List<String> empty = new ArrayList<>();
                long rounds = 0;
                long end = System.nanoTime() + OBSERVE.toNanos();
                while (System.nanoTime() < end) {
                    for (String name : endpoints) {
                        if (fleet.addresses(name).isEmpty()) {
                            empty.add(name + " (round " + rounds + ")");
                        }
                    }
                    rounds++;
                }
                long regionalAfter = fleet.generationInDns(Fleet.REGIONAL).orElseThrow();
                log.warn("seed {}:{}; {} DNS rounds over {} endpoints; regional generation {} -> {}; slow az{} passes {}",
                        seed, latencies, rounds, endpoints.size(), regionalBefore, regionalAfter, slow,
                        passes(enactors, slow));
                assertThat(empty).as("seed %d:%s endpoints that answered without addresses", seed, latencies).isEmpty();
                assertThat(regionalAfter).as("seed %d: regional generation advances", seed)
                        .isGreaterThan(regionalBefore + 3);
            }
        }
    }

    private static String passes(Enactors enactors, int az) {
        MeterRegistry registry = enactors.contexts.get(az - 1).getBean(MeterRegistry.class);
        StringBuilder text = new StringBuilder();
        for (Timer timer : registry.find("cascade.dns.enactor.apply.duration").timers()) {
            text.append(timer.getId().getTag("outcome")).append('=').append(timer.count()).append(' ');
        }
        return text.toString().trim();
    }
}
