package io.cascadelab.droplets;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The simulated hardware. Durations are incident time (the time scale turns them into wall time).
 *
 * @param azs              availability zones
 * @param perAz            droplets per AZ
 * @param slots            instance slots per droplet
 * @param checkInTime      median time a droplet takes to answer a lease check-in
 * @param establishTime    median time a droplet takes to establish a new lease (syncing its state: expensive)
 * @param networkTime      median time a droplet takes to apply an instance's network configuration
 * @param spread           log-normal spread of each droplet's speed around the medians (0: all alike)
 * @param concurrencyPerAz requests an AZ's droplets serve at once; more wait for a free slot
 * @param initialHolder    prefix of the DWFM that holds every lease when the fleet boots ({@code dwfm-} + az):
 *                         the region has been running for years, so it starts leased
 * @param initialLease     the boot leases expire spread over this long
 */
@Validated
@ConfigurationProperties("cascade.droplets")
public record DropletsProperties(@DefaultValue({"az1", "az2", "az3"}) List<String> azs,
                                 @DefaultValue("150") @Min(1) @Max(100_000) int perAz,
                                 @DefaultValue("2") @Min(1) @Max(256) int slots,
                                 @DefaultValue("2s") Duration checkInTime,
                                 @DefaultValue("60s") Duration establishTime,
                                 @DefaultValue("20s") Duration networkTime,
                                 @DefaultValue("0.3") double spread,
                                 @DefaultValue("16") @Min(1) int concurrencyPerAz,
                                 @DefaultValue("dwfm-") String initialHolder,
                                 @DefaultValue("60m") Duration initialLease) {
}
