package io.cascadelab.enactor;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything a DNS Enactor can be told. The mode (incident or fixed) is {@code cascade.mode}; the zone's
 * name is {@code cascade.dns.zone-name}. Durations are incident time unless marked otherwise.
 *
 * @param zoneApi      the Route 53 API endpoint (the {@code zone} service)
 * @param plannerUrl   the planner, whose {@code /plans} API is the plan store
 * @param zoneCallTimeout longest a single Route 53 call may take before it counts as blocked (wall time: it is
 *                     the network's, like {@code cascade.dns.timeout})
 * @param pollInterval pause between looks at the plan store
 * @param recordTtl    TTL written on every record set (the zone serves TTLs as incident seconds)
 * @param walkOrder    the order an enactor walks a plan's endpoints in
 * @param apply        retries and the plan deadline
 * @param cleanup      plan clean-up
 */
@Validated
@ConfigurationProperties("cascade.enactor")
public record EnactorProperties(@DefaultValue("http://127.0.0.1:18053") URI zoneApi,
                                @DefaultValue("http://127.0.0.1:18060") URI plannerUrl,
                                @DefaultValue("20s") Duration zoneCallTimeout,
                                @DefaultValue("15s") Duration pollInterval,
                                @DefaultValue("60s") Duration recordTtl,
                                @DefaultValue("shuffled") WalkOrder walkOrder,
                                @DefaultValue Apply apply,
                                @DefaultValue Cleanup cleanup) {

    /**
     * {@code shuffled}: each enactor walks the endpoints in its own seeded order, so three enactors do not
     * queue behind each other on the same endpoint; {@code plan}: the plan's order (regional first).
     */
    public enum WalkOrder { SHUFFLED, PLAN }

    /**
     * @param maxAttempts  attempts per endpoint per pass; a pass with an endpoint that never went through is
     *                     not recorded as applied (the next look picks the newest plan again)
     * @param backoffBase  first retry delay; doubles per attempt, with seeded jitter
     * @param backoffMax   longest retry delay
     * @param planDeadline fixed mode: a plan older than this (from its creation) is abandoned mid-walk, and
     *                     clean-up keeps every plan younger than it, because an enactor may still hold it
     */
    public record Apply(@DefaultValue("12") @Min(1) @Max(1000) int maxAttempts,
                        @DefaultValue("2s") Duration backoffBase,
                        @DefaultValue("1m") Duration backoffMax,
                        @DefaultValue("10m") Duration planDeadline) {
    }

    /**
     * @param keepGenerations K: clean-up deletes plans with generation below (applied − K). Well above the
     *                        generations a healthy pass spans (about one at 100 endpoints), so only an unusually
     *                        slow enactor meets clean-up, as on 19 October. How many incident minutes a slow
     *                        enactor has before its plan is deleted is K planning intervals: the share of its
     *                        walk in which a stale write is harmless (docs/dns-automation.md, "How often")
     * @param batchSize       record sets deleted per change batch
     */
    public record Cleanup(@DefaultValue("15") @Min(1) int keepGenerations,
                          @DefaultValue("100") @Min(1) @Max(500) int batchSize) {
    }
}
