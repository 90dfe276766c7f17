package io.cascadelab.zone.records;

import java.util.List;

import io.cascadelab.zone.ZoneProperties;
import org.xbill.DNS.Name;

/**
 * Creates hosted zones the way Route 53 does: a Route 53-shaped id, an SOA and an apex NS record set from
 * the configured delegation set. Also bootstraps the default zone.
 */
public final class ZoneFactory {

    private final ZoneStore store;
    private final ZoneProperties.DefaultZone defaults;

    public ZoneFactory(ZoneStore store, ZoneProperties.DefaultZone defaults) {
        this.store = store;
        this.defaults = defaults;
    }

    public ZoneStore.HostedZoneCreated create(String rawName, String callerReference, String comment) {
        Name name = DnsNames.parse(rawName);
        if (name == null || name.labels() < 2) {
            throw Route53Error.invalidDomainName(rawName + " is not a valid domain name");
        }
        String canonical = DnsNames.canonical(name);
        return create(DnsNames.derivedId('Z', canonical + "/" + callerReference, 19), canonical, callerReference,
                comment);
    }

    private ZoneStore.HostedZoneCreated create(String id, String name, String callerReference, String comment) {
        String hostmaster = defaults.hostmaster();
        String soaValue = defaults.nameServers().get(0) + " " + hostmaster + " 1 7200 900 1209600 "
                + defaults.negativeTtl().toSeconds();
        RecordSet soa = new RecordSet(name, "SOA", defaults.soaTtl().toSeconds(), List.of(soaValue));
        RecordSet ns = new RecordSet(name, "NS", defaults.nsTtl().toSeconds(), defaults.nameServers());
        return store.createZone(id, name, callerReference, comment, defaults.nameServers(), soa, ns);
    }

    /** Creates the configured default zone unless a zone with its name exists. Safe on every start. */
    public HostedZone bootstrapDefaultZone() {
        Name name = DnsNames.parse(defaults.name());
        if (name == null) {
            throw new IllegalArgumentException("cascade.zone.default-zone.name is not a DNS name: " + defaults.name());
        }
        String canonical = DnsNames.canonical(name);
        return store.zoneByName(canonical).orElseGet(() -> {
            String id = defaults.id().isBlank() ? defaultZoneId(canonical) : defaults.id();
            try {
                return create(id, canonical, "cascade-default-zone/" + canonical, "Cascade default zone").zone();
            } catch (Route53Error raced) {
                // another process created it in the meantime
                return store.zoneByName(canonical).orElseThrow(() -> raced);
            }
        });
    }

    public static String defaultZoneId(String canonicalName) {
        return DnsNames.derivedId('Z', canonicalName, 19);
    }
}
