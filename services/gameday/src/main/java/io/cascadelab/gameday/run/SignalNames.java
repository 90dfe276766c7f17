package io.cascadelab.gameday.run;

import java.util.List;

/** The signals the console charts and the report records, by the names both use. */
public final class SignalNames {

    /** Addresses the regional DynamoDB name resolves to (A records), as a client sees it. */
    public static final String DNS_ANSWERS = "dnsAnswers";
    /** Fraction of customer DynamoDB requests that failed, per sample interval. */
    public static final String DYNAMO_ERROR_RATE = "dynamoErrorRate";
    public static final String LEASES_ACTIVE = "leasesActive";
    public static final String LEASES_EXPIRED = "leasesExpired";
    public static final String LEASES_ESTABLISHING = "leasesEstablishing";
    public static final String DWFM_QUEUE_DEPTH = "dwfmQueueDepth";
    /** Leases established in time per incident minute. */
    public static final String DWFM_GOODPUT = "dwfmGoodput";
    public static final String PROPAGATION_BACKLOG = "propagationBacklog";
    /** Age of the oldest queued network-configuration event, incident seconds. */
    public static final String PROPAGATION_AGE = "propagationAgeSeconds";
    public static final String HEALTHY_TARGETS = "healthyTargets";
    public static final String AZS_IN_DNS = "azsInDns";
    /** Health flips per incident minute. */
    public static final String HEALTH_FLIPS = "healthFlips";
    /** Successful launches per incident minute. */
    public static final String LAUNCHES_OK = "launchesOk";
    /** Failed launches (insufficient capacity, throttled, error) per incident minute. */
    public static final String LAUNCHES_FAILED = "launchesFailed";
    /** Fraction of customer NLB requests that failed, per sample interval. */
    public static final String CUSTOMER_ERROR_RATE = "customerErrorRate";

    public static final List<String> ALL = List.of(DNS_ANSWERS, DYNAMO_ERROR_RATE, LEASES_ACTIVE, LEASES_EXPIRED,
            LEASES_ESTABLISHING, DWFM_QUEUE_DEPTH, DWFM_GOODPUT, PROPAGATION_BACKLOG, PROPAGATION_AGE,
            HEALTHY_TARGETS, AZS_IN_DNS, HEALTH_FLIPS, LAUNCHES_OK, LAUNCHES_FAILED, CUSTOMER_ERROR_RATE);

    private SignalNames() {
    }
}
