package io.cascadelab.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the EC2 API front door can be told. Durations are incident time (they pass through the time scale).
 *
 * @param dropletsUrl the droplets service (instances are described and terminated there)
 * @param dwfmUrls    one DropletWorkflow Manager per AZ, by AZ name; the keys are the AZs RunInstances knows
 * @param callTimeout how long a call to a DWFM or to droplets may take before the API gives up on it
 * @param throttle    the RunInstances token bucket as it stands when no operator has changed it
 */
@Validated
@ConfigurationProperties("cascade.gateway")
public record GatewayProperties(@NotNull URI dropletsUrl,
                                @NotEmpty Map<String, URI> dwfmUrls,
                                @DefaultValue("2m") Duration callTimeout,
                                @DefaultValue Throttle throttle) {

    /**
     * EC2's own default for RunInstances (its resource token bucket: 1000 tokens, 2 refilled per second), so the
     * bucket only bites when an operator tightens it.
     *
     * @param perSecond tokens refilled per incident second; 0 = unlimited
     * @param burst     bucket size
     */
    public record Throttle(@DefaultValue("2") @DecimalMin("0") double perSecond,
                           @DefaultValue("1000") @Min(1) int burst) {
    }
}
