package io.cascadelab.netmgr;

import java.net.URI;
import java.time.Duration;

import io.cascadelab.contracts.Topics;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything Network Manager can be told. Durations are incident time (they pass through the time scale).
 * The README works through what the defaults mean for throughput and for draining a backlog.
 *
 * @param dropletsUrl     where instances' network configuration is applied ({@code PUT /instances/{id}/network})
 * @param topic           the instance events, {@link Topics#EC2_INSTANCES}
 * @param workers         propagation workers: at most this many configurations are being propagated at once
 * @param deviceFanout    the manager's own work for one change before the droplet is told: pushing the instance's
 *                        state to the VPC's network devices (mean; each change draws from ±{@code fanoutJitter})
 * @param fanoutJitter    relative spread of {@code deviceFanout}, seeded
 * @param congestionDepth the fan-out of every change gets longer the more changes the manager holds (queued and in
 *                        flight): ×(1 + held/congestionDepth). 0 switches it off. See the README
 * @param queueCapacity   hard bound on the in-memory backlog in either mode; past it intake waits in Kafka
 * @param propagation     calls to droplets: timeout and retries
 * @param intake          the fixed-mode intake limit, as a function of the backlog
 * @param deferral        a change whose droplet has no lease (DWFM does not hold it) is tried again this much later,
 *                        without spending an attempt: it waits, held and counted, until the lease is back
 */
@Validated
@ConfigurationProperties("cascade.network-manager")
public record NetworkManagerProperties(@NotNull URI dropletsUrl,
                                       @DefaultValue(Topics.EC2_INSTANCES) @NotBlank String topic,
                                       @DefaultValue("3") @Min(1) @Max(256) int workers,
                                       @DefaultValue("20s") Duration deviceFanout,
                                       @DefaultValue("0.25") @DecimalMin("0") @DecimalMax("0.9") double fanoutJitter,
                                       @DefaultValue("1500") @Min(0) int congestionDepth,
                                       @DefaultValue("100000") @Min(1) int queueCapacity,
                                       @DefaultValue Propagation propagation,
                                       @DefaultValue Intake intake,
                                       @DefaultValue("1m") Duration deferral) {

    /**
     * @param requestTimeout  one {@code PUT …/network} may take this long
     * @param maxAttempts     attempts per change before it is given up (counted {@code failed})
     * @param initialBackoff  wait before the second attempt; doubles each time, seeded ±50 % jitter
     * @param maxBackoff      the longest wait between attempts
     */
    public record Propagation(@DefaultValue("1m") Duration requestTimeout,
                              @DefaultValue("4") @Min(1) @Max(20) int maxAttempts,
                              @DefaultValue("30s") Duration initialBackoff,
                              @DefaultValue("4m") Duration maxBackoff) {
    }

    /**
     * Fixed mode (AWS's remediation: rate-limit incoming work by the size of the waiting queue). The admitted rate
     * is {@code maxPerMinute × (1 − depth/queueCeiling)}, never below {@code minPerMinute}; what is not admitted
     * stays in Kafka. Incident mode admits everything (as it was), up to {@code queueCapacity}.
     *
     * @param maxPerMinute admitted per incident minute with an empty queue
     * @param queueCeiling backlog depth at which the admitted rate has shrunk to its floor
     * @param minPerMinute the floor, so intake never stops
     */
    public record Intake(@DefaultValue("60") @DecimalMin("0.001") double maxPerMinute,
                         @DefaultValue("50") @Min(1) int queueCeiling,
                         @DefaultValue("3") @DecimalMin("0.001") double minPerMinute) {
    }
}
