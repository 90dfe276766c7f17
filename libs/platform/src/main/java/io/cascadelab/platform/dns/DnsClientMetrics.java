package io.cascadelab.platform.dns;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code cascade.dns.client.lookups{outcome,cache}}: what clients got when they asked for names. */
final class DnsClientMetrics {

    private final Map<ZoneResolver.Outcome, Counter> hits = new EnumMap<>(ZoneResolver.Outcome.class);
    private final Map<ZoneResolver.Outcome, Counter> misses = new EnumMap<>(ZoneResolver.Outcome.class);

    DnsClientMetrics(MeterRegistry registry) {
        for (ZoneResolver.Outcome outcome : ZoneResolver.Outcome.values()) {
            hits.put(outcome, counter(registry, outcome, "hit"));
            misses.put(outcome, counter(registry, outcome, "miss"));
        }
    }

    private static Counter counter(MeterRegistry registry, ZoneResolver.Outcome outcome, String cache) {
        return Counter.builder("cascade.dns.client.lookups")
                .description("DNS lookups by this client, by outcome and whether the cache answered")
                .tag("outcome", outcome.name().toLowerCase()).tag("cache", cache).register(registry);
    }

    void record(ZoneResolver.Outcome outcome, boolean fromCache) {
        (fromCache ? hits : misses).get(outcome).increment();
    }
}
