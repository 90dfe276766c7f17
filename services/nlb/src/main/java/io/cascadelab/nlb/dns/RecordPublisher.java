package io.cascadelab.nlb.dns;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.platform.net.AnnouncedAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/**
 * Writes the load balancer's A record — one value per node address in DNS — through the zone's Route 53 API:
 * one UPSERT of the whole set per change. The wanted nodes are kept; {@link #flush} resolves their addresses
 * (a name, such as a Kubernetes Service's, can change what it stands for) and writes the set when it differs
 * from what was last written (or when {@code force}), so a failed write is retried on the next flush.
 */
public final class RecordPublisher {

    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);

    private final Route53Client route53;
    private final String zoneName;
    private final String recordName;
    private final long ttlSeconds;
    private final NlbMetrics metrics;
    private final AtomicReference<List<AnnouncedAddress>> wanted = new AtomicReference<>();
    private volatile List<String> written;
    private volatile String hostedZoneId;
    private List<String> lastUnresolved = List.of();

    /**
     * @param recordName relative to the zone, e.g. {@code app.nlb.us-east-1}
     * @param ttl        incident time: the zone serves TTLs as incident seconds and clients scale them
     */
    public RecordPublisher(Route53Client route53, String zoneName, String recordName, Duration ttl,
                           NlbMetrics metrics) {
        this.route53 = route53;
        this.zoneName = zoneName.endsWith(".") ? zoneName : zoneName + ".";
        this.recordName = recordName + "." + this.zoneName;
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        this.metrics = metrics;
    }

    public String recordName() {
        return recordName;
    }

    public void want(List<AnnouncedAddress> addresses) {
        wanted.set(List.copyOf(addresses));
    }

    public List<String> written() {
        return written;
    }

    /** Writes the wanted set if it changed since the last successful write, or always with {@code force}. */
    public synchronized void flush(boolean force) {
        List<AnnouncedAddress> nodes = wanted.get();
        if (nodes == null) {
            return;
        }
        List<String> set = resolve(nodes);
        if (set.isEmpty() || (!force && set.equals(written))) {
            return;
        }
        try {
            String zoneId = hostedZoneId();
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b
                    .comment("nlb: " + set.size() + " node(s) in DNS")
                    .changes(c -> c.action(ChangeAction.UPSERT).resourceRecordSet(s -> s
                            .name(recordName).type(RRType.A).ttl(ttlSeconds)
                            .resourceRecords(set.stream().map(a -> ResourceRecord.builder().value(a).build())
                                    .toList())))));
            written = set;
            metrics.dnsWrite("applied");
        } catch (SdkException | UncheckedIOException | IllegalStateException e) {
            metrics.dnsWrite("failed");
            log.warn("could not write {} {}: {}", recordName, set, e.getMessage());
        }
    }

    /** The nodes' addresses now; a name that does not resolve is left out of this write (and said so once). */
    private List<String> resolve(List<AnnouncedAddress> nodes) {
        List<String> addresses = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (AnnouncedAddress node : nodes) {
            node.current().ifPresentOrElse(addresses::add, () -> unresolved.add(node.configured()));
        }
        if (!unresolved.isEmpty() && !unresolved.equals(lastUnresolved)) {
            log.warn("{}: node address(es) {} do not resolve to an IPv4 address; left out of the record",
                    recordName, unresolved);
        }
        lastUnresolved = unresolved;
        return addresses;
    }

    private String hostedZoneId() {
        String id = hostedZoneId;
        if (id != null) {
            return id;
        }
        for (HostedZone zone : route53.listHostedZonesByName(r -> r.dnsName(zoneName).maxItems("1")).hostedZones()) {
            if (zone.name().equalsIgnoreCase(zoneName)) {
                id = zone.id().substring(zone.id().lastIndexOf('/') + 1);
                hostedZoneId = id;
                return id;
            }
        }
        throw new IllegalStateException("no hosted zone named " + zoneName);
    }
}
