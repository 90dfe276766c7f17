package io.cascadelab.planner;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the DNS Planner can be told. All durations are incident time (they pass through the time scale).
 *
 * @param planningInterval how often a new plan generation is written
 * @param nodeTimeout      a node that has not announced itself for this long drops out of plans
 * @param endpoints        the endpoints every plan covers
 */
@Validated
@ConfigurationProperties("cascade.planner")
public record PlannerProperties(@DefaultValue("1m") Duration planningInterval,
                                @DefaultValue("5m") Duration nodeTimeout,
                                @DefaultValue Endpoints endpoints) {

    /**
     * Endpoint names, relative to the zone ({@code cascade.dns.zone-name}).
     *
     * @param regional      the public regional endpoint (A), the one the incident emptied
     * @param fips          the FIPS endpoint (A)
     * @param ipv6          the IPv6 endpoint (AAAA), served by nodes that announce an IPv6 address
     * @param accountSuffix account-specific endpoints are {@code <12-digit account>.<accountSuffix>} (A)
     * @param accounts      how many account-specific endpoints; enough that an enactor's pass takes real time
     */
    public record Endpoints(@DefaultValue("dynamodb.us-east-1") @NotBlank String regional,
                            @DefaultValue("dynamodb-fips.us-east-1") @NotBlank String fips,
                            @DefaultValue("dynamodb.us-east-1.api") @NotBlank String ipv6,
                            @DefaultValue("ddb.us-east-1") @NotBlank String accountSuffix,
                            @DefaultValue("30") @Min(0) @Max(100_000) int accounts) {
    }
}
