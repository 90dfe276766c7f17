package io.cascadelab.dwfm;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * DWFM's parameters. Durations are incident time.
 *
 * @param dropletsUrl        the droplets service
 * @param dynamoEndpoint     the regional DynamoDB endpoint, resolved only through the zone
 * @param table              the Dynamo table lease state is recorded in
 * @param checkInPeriod      how often each leased droplet is checked in with
 * @param leaseDuration      how long a lease lives past its last completed check-in
 * @param workers            lease workers (check-ins and establishments share them)
 * @param attemptTimeout     an establishment attempt not finished this long after it was queued is useless: its
 *                           result is discarded (a check-in's deadline is its lease's expiry)
 * @param retryAfter         incident mode: a failed establishment is queued again after this long (no jitter)
 * @param tick               how often leases are examined for due check-ins and expiries
 * @param callTimeout        how long one call to a droplet may take
 * @param fixed              the remediation's parameters
 */
@Validated
@ConfigurationProperties("cascade.dwfm")
public record DwfmProperties(@DefaultValue("http://127.0.0.1:18070") URI dropletsUrl,
                             @DefaultValue("http://dynamodb.us-east-1.cascade.test:18000") URI dynamoEndpoint,
                             @DefaultValue("dwfm-leases") String table,
                             @DefaultValue("20m") Duration checkInPeriod,
                             @DefaultValue("60m") Duration leaseDuration,
                             @DefaultValue("3") @Min(1) int workers,
                             @DefaultValue("2m") Duration attemptTimeout,
                             @DefaultValue("1m") Duration retryAfter,
                             @DefaultValue("15s") Duration tick,
                             @DefaultValue("10m") Duration callTimeout,
                             @DefaultValue Fixed fixed) {

    /**
     * @param maxExpectedWait admit new establishment work only while the queue's expected wait is below this
     * @param backoffBase     first retry delay of a failed establishment; doubles, with seeded jitter
     * @param backoffMax      longest retry delay
     */
    public record Fixed(@DefaultValue("30s") Duration maxExpectedWait,
                        @DefaultValue("1m") Duration backoffBase,
                        @DefaultValue("10m") Duration backoffMax) {
    }
}
