package io.cascadelab.gameday;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import io.cascadelab.gameday.fleet.FleetProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * gameday's configuration, one record.
 *
 * @param fleet  the embedded fleet's layout and how it is started
 * @param probe  the DNS prober: which endpoints, how often (incident time)
 */
@ConfigurationProperties("cascade.gameday")
public record GameDayProperties(@DefaultValue FleetProperties fleet, @DefaultValue Probe probe) {

    /**
     * @param endpoints  {@code name/TYPE} pairs asked of the authoritative server
     * @param period     incident time between probes
     * @param timeout    wall time a probe waits for an answer
     */
    public record Probe(@DefaultValue("true") boolean enabled,
                        @DefaultValue({"dynamodb.us-east-1.cascade.test/A", "dynamodb-fips.us-east-1.cascade.test/A",
                                "dynamodb.us-east-1.api.cascade.test/AAAA"}) List<String> endpoints,
                        @DefaultValue("15s") Duration period,
                        @DefaultValue("500ms") Duration timeout) {
    }
}
