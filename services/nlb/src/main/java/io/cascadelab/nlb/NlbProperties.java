package io.cascadelab.nlb;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cascadelab.nlb.proxy.DataPlaneNode;
import io.cascadelab.platform.net.AnnouncedAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the NLB can be told. The mode is {@code cascade.mode}, the zone's name {@code cascade.dns.zone-name}.
 * Durations are incident time (they pass through the time scale) unless marked otherwise.
 *
 * @param dropletsUrl   the droplets service: target health checks and the targets' application traffic
 * @param zoneUrl       the zone's Route 53 API
 * @param gatewayUrl    the regional EC2 API (RunInstances, TerminateInstances)
 * @param nodeAddresses one data-plane node per address, the n-th serving AZ {@code az<n>}: what its A record
 *                      carries, an IPv4 address or a name resolved at every write (a Kubernetes Service's)
 * @param nodePort      customers reach every node on {@code <address>:<nodePort>}
 * @param nodeListen    where the n-th node listens ({@code host:port}) when that is not {@code <address>:<nodePort>}:
 *                      behind a Service each node binds the wildcard on a port of its own. Empty: every node
 *                      listens on its address and the node port
 * @param recordName    the load balancer's name, relative to the zone
 * @param recordTtl     TTL of the A record (the zone serves TTLs as incident seconds; clients scale them)
 * @param dnsRefresh    the whole record is re-asserted this often even without a change (a zone restart forgets
 *                      nothing, but a failed write must be retried)
 * @param zoneCallTimeout longest one Route 53 call may take (wall time: it is the network's)
 * @param proxyTimeout  longest a node waits for a target's answer before resetting the customer's connection
 * @param targets       the target group and its replacement policy
 * @param health        the health-check subsystem
 * @param checkerHosts  the EC2 instances the health-check subsystem checks from
 * @param failover      automatic AZ DNS failover
 */
@Validated
@ConfigurationProperties("cascade.nlb")
public record NlbProperties(@DefaultValue("http://127.0.0.1:18070") URI dropletsUrl,
                            @DefaultValue("http://127.0.0.1:18053") URI zoneUrl,
                            @DefaultValue("http://127.0.0.1:18081") URI gatewayUrl,
                            @DefaultValue({"127.0.2.1", "127.0.2.2", "127.0.2.3"}) @NotEmpty List<String> nodeAddresses,
                            @DefaultValue("18076") @Min(0) @Max(65535) int nodePort,
                            List<String> nodeListen,
                            @DefaultValue("app.nlb.us-east-1") @NotBlank String recordName,
                            @DefaultValue("60s") Duration recordTtl,
                            @DefaultValue("1m") Duration dnsRefresh,
                            @DefaultValue("5s") Duration zoneCallTimeout,
                            @DefaultValue("2m") Duration proxyTimeout,
                            @DefaultValue Targets targets,
                            @DefaultValue Health health,
                            @DefaultValue CheckerHosts checkerHosts,
                            @DefaultValue Failover failover) {

    public NlbProperties {
        nodeListen = nodeListen == null ? List.of() : List.copyOf(nodeListen);
        nodes(nodeAddresses, nodeListen, nodePort); // refuses what cannot be published or bound, at start
    }

    /** The data-plane nodes, in AZ order. */
    public List<DataPlaneNode> nodes() {
        return nodes(nodeAddresses, nodeListen, nodePort);
    }

    private static List<DataPlaneNode> nodes(List<String> addresses, List<String> listen, int nodePort) {
        if (addresses == null) {
            return List.of();
        }
        if (!listen.isEmpty() && listen.size() != addresses.size()) {
            throw new IllegalArgumentException("cascade.nlb.node-listen has " + listen.size() + " entries for "
                    + addresses.size() + " node addresses: give one host:port per node, or none");
        }
        List<DataPlaneNode> nodes = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            AnnouncedAddress address = AnnouncedAddress.of("cascade.nlb.node-addresses", addresses.get(i));
            if (listen.isEmpty()) {
                nodes.add(new DataPlaneNode("az" + (i + 1), address, addresses.get(i), nodePort));
                continue;
            }
            String socket = listen.get(i);
            int colon = socket.lastIndexOf(':');
            int port = colon > 0 ? parsePort(socket.substring(colon + 1)) : -1;
            if (port < 1) {
                throw new IllegalArgumentException("cascade.nlb.node-listen: '" + socket + "' is not host:port");
            }
            nodes.add(new DataPlaneNode("az" + (i + 1), address, socket.substring(0, colon), port));
        }
        return List.copyOf(nodes);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** AZ of the n-th node (0-based): {@code az1}, {@code az2}, … */
    public String azOfNode(int index) {
        return "az" + (index + 1);
    }

    public List<String> azs() {
        return java.util.stream.IntStream.range(0, nodeAddresses.size()).mapToObj(this::azOfNode).toList();
    }

    /**
     * @param desiredPerAz       the target group keeps this many targets per AZ, launching through RunInstances
     *                           whenever short
     * @param provisionInterval  how often the group is compared with its desired size
     * @param launchBackoffBase  first pause after a failed launch in an AZ; doubles per failure, seeded jitter
     * @param launchBackoffMax   longest pause between launch attempts in an AZ
     * @param replaceAfter       a target out of service this long is terminated and replaced (the instance looks
     *                           broken to whoever owns it; 07:04 in the timeline)
     * @param startInService     a newly registered target serves traffic at once, before any check passed (as the
     *                           incident's health-check subsystem did); false: it waits for {@code healthyThreshold}
     * @param instanceLifetime   the customer's instances are recycled (an Auto Scaling group's instance refresh):
     *                           a target this old (seeded ±25 % per target) is replaced — the new instance launched
     *                           and registered first, the old one then terminated; if the launch fails the old one
     *                           stays. So new targets keep entering service, in an outage too. 0 switches it off
     */
    public record Targets(@DefaultValue("4") @Min(0) @Max(1000) int desiredPerAz,
                          @DefaultValue("15s") Duration provisionInterval,
                          @DefaultValue("10s") Duration launchBackoffBase,
                          @DefaultValue("5m") Duration launchBackoffMax,
                          @DefaultValue("10m") Duration replaceAfter,
                          @DefaultValue("true") boolean startInService,
                          @DefaultValue("2h") Duration instanceLifetime) {
    }

    /**
     * The health-check subsystem, with finite capacity: {@code workers} checks run at a time, each occupying its
     * worker for {@code checkCost} (seeded ±50%) plus the request itself; the rest wait in a bounded queue. A check
     * that has not got its answer {@code timeout} after it fell due — waiting in the queue included — fails.
     *
     * @param interval           re-check period of a target (and node) in service whose last check passed
     * @param failingInterval    re-check period of anything whose last check failed or that is out of service
     * @param timeout            a check fails when its answer is not in this long after it fell due
     * @param unhealthyThreshold consecutive failures that take a target out of service (F)
     * @param healthyThreshold   consecutive passes that put it back (P)
     * @param workers            checks in progress at once
     * @param checkCost          checker work per check (simulated checker hardware)
     * @param queueCapacity      checks waiting at most; a check that finds the queue full is tried on a later tick
     * @param tick               how often due checks are queued and AZ failover is evaluated
     */
    public record Health(@DefaultValue("30s") Duration interval,
                         @DefaultValue("5s") Duration failingInterval,
                         @DefaultValue("10s") Duration timeout,
                         @DefaultValue("2") @Min(1) @Max(100) int unhealthyThreshold,
                         @DefaultValue("3") @Min(1) @Max(100) int healthyThreshold,
                         @DefaultValue("2") @Min(1) @Max(256) int workers,
                         @DefaultValue("1500ms") Duration checkCost,
                         @DefaultValue("1000") @Min(1) @Max(100_000) int queueCapacity,
                         @DefaultValue("2s") Duration tick) {
    }

    /**
     * The health-check subsystem's own hosts: EC2 instances (owner {@code nlb-health}) launched through RunInstances.
     * Every check runs from the next host in rotation and fails when that host has no network state yet.
     *
     * @param count    hosts, spread over the AZs in turn; 0 (the default, until a full game day with hosts starts
     *                 cleanly: docs/gameday.md) runs every check from the NLB process itself
     * @param lifetime a host is recycled this old (seeded ±25 %), replacement first, one host at a time and at
     *                 least {@code lifetime / count} apart
     */
    public record CheckerHosts(@DefaultValue("0") @Min(0) @Max(100) int count,
                               @DefaultValue("2h") Duration lifetime) {
    }

    /**
     * @param minHealthyTargets   an AZ (its node) is unhealthy when fewer of its targets are in service
     * @param velocityWindow      fixed mode: the window the velocity limit counts removals in
     * @param velocityMaxRemovals fixed mode: at most this many AZs removed from DNS per window
     * @param minAzsInDns         fixed mode: failover never leaves fewer AZs in DNS than this (nor fewer than one)
     */
    public record Failover(@DefaultValue("2") @Min(0) @Max(1000) int minHealthyTargets,
                           @DefaultValue("15m") Duration velocityWindow,
                           @DefaultValue("1") @Min(0) @Max(100) int velocityMaxRemovals,
                           @DefaultValue("2") @Min(1) @Max(100) int minAzsInDns) {
    }
}
