package io.cascadelab.zone;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the zone service can be told. Durations marked "incident" pass through the time scale;
 * durations marked "wall" are the network's or the database's and do not.
 *
 * @param defaultZone the hosted zone created at start-up if absent
 * @param api         the Route 53 API's limits and contention behaviour
 * @param dns         the embedded authoritative DNS server
 */
@Validated
@ConfigurationProperties("cascade.zone")
public record ZoneProperties(@DefaultValue @Valid DefaultZone defaultZone,
                             @DefaultValue @Valid Api api,
                             @DefaultValue @Valid Dns dns) {

    /**
     * @param enabled      create the zone at start-up when no zone with this name exists
     * @param name         the zone apex, e.g. {@code cascade.test.}
     * @param id           the hosted zone id; blank derives a Route 53-shaped id from the name
     * @param nameServers  the delegation set: NS values at the apex and in GetHostedZone
     * @param hostmaster   SOA RNAME
     * @param soaTtl       TTL of the SOA record (incident time, stored and served as is)
     * @param nsTtl        TTL of the apex NS record (incident time)
     * @param negativeTtl  SOA MINIMUM: how long resolvers cache NXDOMAIN/NODATA (RFC 2308), incident time
     */
    public record DefaultZone(@DefaultValue("true") boolean enabled,
                              @DefaultValue("cascade.test.") @NotBlank String name,
                              @DefaultValue("") String id,
                              @DefaultValue({"ns-1.cascade.test.", "ns-2.cascade.test."}) @NotEmpty List<String> nameServers,
                              @DefaultValue("hostmaster.cascade.test.") @NotBlank String hostmaster,
                              @DefaultValue("900s") Duration soaTtl,
                              @DefaultValue("172800s") Duration nsTtl,
                              @DefaultValue("60s") Duration negativeTtl) {
    }

    /**
     * @param lockWait              how long a change batch waits for another batch on the same zone before
     *                              failing with {@code PriorRequestNotComplete} (wall time)
     * @param maxResourceRecords    ResourceRecord elements per batch (UPSERT counts twice), Route 53: 1000
     * @param maxValueCharacters    characters in all Value elements per batch (UPSERT counts twice), Route 53: 32000
     * @param latency               how long every Route 53 API call takes before the zone handles it (wall time, like
     *                              the network latency chaos adds): Route 53 is a remote service, and an API call to
     *                              it costs tens of milliseconds, not the loopback's fraction of one. It is what makes
     *                              a healthy enactor's pass take real time without spending CPU on it
     *                              (docs/dns-automation.md, "How often"); 0 answers as fast as the machine can
     */
    public record Api(@DefaultValue("250ms") Duration lockWait,
                      @DefaultValue("1000") @Min(1) int maxResourceRecords,
                      @DefaultValue("32000") @Min(1) int maxValueCharacters,
                      @DefaultValue("25ms") Duration latency) {

        public Api {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("cascade.zone.api.latency must not be negative, got " + latency);
            }
        }
    }

    /**
     * @param enabled           serve DNS at all
     * @param address           bind address
     * @param port              UDP and TCP port; 0 picks a free one (tests)
     * @param udpThreads        UDP sockets bound with SO_REUSEPORT, one reader thread each
     * @param tcpThreads        TCP connections served at once
     * @param tcpIdleTimeout    an idle TCP connection is closed after this (wall time)
     * @param propagationDelay  time from commit until DNS answers reflect a change (incident time);
     *                          GetChange reports INSYNC only after it
     * @param maxCnameChain     CNAME hops followed inside a zone before answering with what is there
     * @param answerCacheEntries rendered answers kept per snapshot version (0 disables the cache)
     */
    public record Dns(@DefaultValue("true") boolean enabled,
                      @DefaultValue("127.0.0.1") String address,
                      @DefaultValue("15353") @Min(0) @Max(65535) int port,
                      @DefaultValue("2") @Min(1) int udpThreads,
                      @DefaultValue("16") @Min(1) int tcpThreads,
                      @DefaultValue("10s") Duration tcpIdleTimeout,
                      @DefaultValue("0s") Duration propagationDelay,
                      @DefaultValue("8") @Min(1) int maxCnameChain,
                      @DefaultValue("100000") @Min(0) int answerCacheEntries) {
    }
}
