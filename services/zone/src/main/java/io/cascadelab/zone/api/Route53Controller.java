package io.cascadelab.zone.api;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cascadelab.zone.ZoneProperties;
import io.cascadelab.zone.records.ChangeInfo;
import io.cascadelab.zone.records.CommittedBatch;
import io.cascadelab.zone.records.DnsNames;
import io.cascadelab.zone.records.HostedZone;
import io.cascadelab.zone.records.RecordSet;
import io.cascadelab.zone.records.Route53Error;
import io.cascadelab.zone.records.ServedSerials;
import io.cascadelab.zone.records.ZoneFactory;
import io.cascadelab.zone.records.ZoneStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Element;

/**
 * The Route 53 REST/XML API subset, at Route 53's paths, so the AWS SDK v2 {@code Route53Client} works
 * with only {@code endpointOverride}. Signatures are not checked: the credentials guard nothing real.
 */
@RestController
@RequestMapping("/2013-04-01")
class Route53Controller {

    private static final Logger log = LoggerFactory.getLogger(Route53Controller.class);
    private static final MediaType XML = MediaType.parseMediaType("text/xml;charset=UTF-8");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private final ZoneStore store;
    private final ZoneFactory factory;
    private final ServedSerials served;
    private final ChangeBatchParser parser;
    private final MeterRegistry registry;
    private final Map<String, Counter> batchOutcomes = new ConcurrentHashMap<>();
    private final AtomicLong requestSequence = new AtomicLong();

    Route53Controller(ZoneStore store, ZoneFactory factory, ServedSerials served, ZoneProperties properties,
                      MeterRegistry registry) {
        this.store = store;
        this.factory = factory;
        this.served = served;
        this.parser = new ChangeBatchParser(properties.api().maxResourceRecords(),
                properties.api().maxValueCharacters());
        this.registry = registry;
    }

    @PostMapping("/hostedzone")
    ResponseEntity<String> createHostedZone(@RequestBody(required = false) byte[] body) {
        Element root = Xml.parse(body, "CreateHostedZoneRequest");
        String name = Xml.text(root, "Name");
        String callerReference = Xml.text(root, "CallerReference");
        if (name == null || callerReference == null || callerReference.isBlank()) {
            throw Route53Error.invalidInput("Invalid request: Name and CallerReference are required");
        }
        if (Xml.child(root, "VPC") != null) {
            throw Route53Error.invalidInput("Invalid request: private hosted zones (VPC) are not supported by this "
                    + "Route 53 stand-in");
        }
        Element config = Xml.child(root, "HostedZoneConfig");
        String comment = config == null ? null : Xml.text(config, "Comment");
        ZoneStore.HostedZoneCreated created = factory.create(name, callerReference, comment);
        StringBuilder out = start("CreateHostedZoneResponse");
        hostedZone(out, created.zone());
        changeInfo(out, created.change());
        delegationSet(out, created.zone());
        return ResponseEntity.created(URI.create("/2013-04-01/hostedzone/" + created.zone().id()))
                .contentType(XML).body(end(out, "CreateHostedZoneResponse"));
    }

    @GetMapping("/hostedzone/{id}")
    ResponseEntity<String> getHostedZone(@PathVariable String id) {
        HostedZone zone = zone(id);
        StringBuilder out = start("GetHostedZoneResponse");
        hostedZone(out, zone);
        delegationSet(out, zone);
        return ok(end(out, "GetHostedZoneResponse"));
    }

    @GetMapping("/hostedzone")
    ResponseEntity<String> listHostedZones(@RequestParam(name = "maxitems", required = false) String maxItems) {
        int max = maxItems(maxItems, 100, 100);
        List<HostedZone> zones = sorted(store.zones());
        StringBuilder out = start("ListHostedZonesResponse").append("<HostedZones>");
        zones.stream().limit(max).forEach(z -> hostedZone(out, z));
        out.append("</HostedZones>");
        Xml.element(out, "Marker", "");
        Xml.element(out, "IsTruncated", zones.size() > max);
        if (zones.size() > max) {
            Xml.element(out, "NextMarker", zones.get(max).id());
        }
        Xml.element(out, "MaxItems", max);
        return ok(end(out, "ListHostedZonesResponse"));
    }

    @GetMapping("/hostedzonesbyname")
    ResponseEntity<String> listHostedZonesByName(@RequestParam(name = "dnsname", required = false) String dnsName,
                                                 @RequestParam(name = "hostedzoneid", required = false) String zoneId,
                                                 @RequestParam(name = "maxitems", required = false) String maxItems) {
        if (zoneId != null && dnsName == null) {
            throw Route53Error.invalidInput("Invalid request: hostedzoneid requires dnsname");
        }
        int max = maxItems(maxItems, 100, 100);
        List<HostedZone> zones = sorted(store.zones());
        String startKey = null;
        if (dnsName != null) {
            var name = DnsNames.parse(dnsName);
            if (name == null) {
                throw Route53Error.invalidDomainName(dnsName + " is not a valid domain name");
            }
            startKey = DnsNames.sortKey(DnsNames.canonical(name));
        }
        final String from = startKey;
        String fromId = zoneId == null ? "" : stripPrefix(zoneId, "/hostedzone/");
        List<HostedZone> page = zones.stream()
                .filter(z -> from == null || compare(DnsNames.sortKey(z.name()), z.id(), from, fromId) >= 0)
                .limit(max + 1L).toList();
        StringBuilder out = start("ListHostedZonesByNameResponse").append("<HostedZones>");
        page.stream().limit(max).forEach(z -> hostedZone(out, z));
        out.append("</HostedZones>");
        Xml.element(out, "DNSName", dnsName);
        Xml.element(out, "HostedZoneId", zoneId);
        Xml.element(out, "IsTruncated", page.size() > max);
        if (page.size() > max) {
            Xml.element(out, "NextDNSName", page.get(max).name());
            Xml.element(out, "NextHostedZoneId", page.get(max).id());
        }
        Xml.element(out, "MaxItems", max);
        return ok(end(out, "ListHostedZonesByNameResponse"));
    }

    @PostMapping({"/hostedzone/{id}/rrset", "/hostedzone/{id}/rrset/"})
    ResponseEntity<String> changeResourceRecordSets(@PathVariable String id,
                                                    @RequestBody(required = false) byte[] body) {
        String zoneId = stripPrefix(id, "/hostedzone/");
        try {
            ChangeBatchParser.Parsed parsed = parser.parse(body);
            CommittedBatch batch = store.apply(zoneId, parsed.changes(), parsed.comment());
            outcome("applied").increment();
            StringBuilder out = start("ChangeResourceRecordSetsResponse");
            changeInfo(out, batch.change());
            return ok(end(out, "ChangeResourceRecordSetsResponse"));
        } catch (Route53Error e) {
            outcome(e.code()).increment();
            throw e;
        }
    }

    @GetMapping({"/hostedzone/{id}/rrset", "/hostedzone/{id}/rrset/"})
    ResponseEntity<String> listResourceRecordSets(@PathVariable String id,
                                                  @RequestParam(name = "name", required = false) String name,
                                                  @RequestParam(name = "type", required = false) String type,
                                                  @RequestParam(name = "identifier", required = false) String identifier,
                                                  @RequestParam(name = "maxitems", required = false) String maxItems) {
        HostedZone zone = zone(id);
        if (type != null && name == null) {
            throw Route53Error.invalidInput("The input is not valid: type requires name");
        }
        if (identifier != null) {
            throw Route53Error.invalidInput("Invalid request: identifier is not supported (no routing policies)");
        }
        int max = maxItems(maxItems, 300, 300);
        String startName = null;
        if (name != null) {
            var parsed = DnsNames.parse(name);
            if (parsed == null) {
                throw Route53Error.invalidInput("The input is not valid: " + name + " is not a valid DNS name");
            }
            startName = DnsNames.canonical(parsed);
        }
        String startType = type == null ? null : type.trim().toUpperCase(java.util.Locale.ROOT);
        List<RecordSet> page = store.list(zone.id(), startName, startType, max + 1);
        StringBuilder out = start("ListResourceRecordSetsResponse").append("<ResourceRecordSets>");
        for (RecordSet set : page.subList(0, Math.min(max, page.size()))) {
            out.append("<ResourceRecordSet>");
            Xml.element(out, "Name", set.name());
            Xml.element(out, "Type", set.type());
            Xml.element(out, "TTL", set.ttl());
            out.append("<ResourceRecords>");
            for (String value : set.values()) {
                out.append("<ResourceRecord>");
                Xml.element(out, "Value", value);
                out.append("</ResourceRecord>");
            }
            out.append("</ResourceRecords></ResourceRecordSet>");
        }
        out.append("</ResourceRecordSets>");
        Xml.element(out, "IsTruncated", page.size() > max);
        if (page.size() > max) {
            Xml.element(out, "NextRecordName", page.get(max).name());
            Xml.element(out, "NextRecordType", page.get(max).type());
        }
        Xml.element(out, "MaxItems", max);
        return ok(end(out, "ListResourceRecordSetsResponse"));
    }

    @GetMapping("/change/{id}")
    ResponseEntity<String> getChange(@PathVariable String id) {
        String changeId = stripPrefix(id, "/change/");
        ChangeInfo change = store.change(changeId).orElseThrow(() -> Route53Error.noSuchChange(changeId));
        StringBuilder out = start("GetChangeResponse");
        changeInfo(out, change);
        return ok(end(out, "GetChangeResponse"));
    }

    /** Anything unexpected (the database is down, a bug) is Route 53's 500 InternalFailure, which SDKs retry. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<String> unexpected(RuntimeException e) {
        if (e instanceof Route53Error known) {
            return error(known);
        }
        String requestId = requestId();
        log.error("route53 request {} failed unexpectedly", requestId, e);
        String body = Xml.PROLOG + "<ErrorResponse xmlns=\"" + Xml.NS + "\"><Error><Type>Receiver</Type>"
                + "<Code>InternalFailure</Code><Message>" + Xml.escape(String.valueOf(e.getMessage()))
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return ResponseEntity.status(500).contentType(XML).header("x-amzn-RequestId", requestId).body(body);
    }

    @ExceptionHandler(Route53Error.class)
    ResponseEntity<String> error(Route53Error e) {
        String requestId = requestId();
        log.info("route53 request {} failed: {}", requestId, e.getMessage());
        StringBuilder out = new StringBuilder(Xml.PROLOG).append("<ErrorResponse xmlns=\"").append(Xml.NS)
                .append("\"><Error>");
        Xml.element(out, "Type", "Sender");
        Xml.element(out, "Code", e.code());
        String message = e.messages().size() == 1 && !"InvalidChangeBatch".equals(e.code())
                ? e.messages().get(0) : e.messages().toString();
        Xml.element(out, "Message", message);
        if ("InvalidChangeBatch".equals(e.code())) {
            // Route 53 documents the list as <Messages>; the SDKs' models name the member "messages".
            for (String list : new String[] {"Messages", "messages"}) {
                out.append('<').append(list).append('>');
                e.messages().forEach(m -> Xml.element(out, "Message", m));
                out.append("</").append(list).append('>');
            }
        }
        out.append("</Error>");
        Xml.element(out, "RequestId", requestId);
        out.append("</ErrorResponse>");
        return ResponseEntity.status(e.httpStatus()).contentType(XML).header("x-amzn-RequestId", requestId)
                .body(out.toString());
    }

    private HostedZone zone(String rawId) {
        String id = stripPrefix(rawId, "/hostedzone/");
        return store.zone(id).orElseThrow(() -> Route53Error.noSuchHostedZone(id));
    }

    private void hostedZone(StringBuilder out, HostedZone zone) {
        out.append("<HostedZone>");
        Xml.element(out, "Id", "/hostedzone/" + zone.id());
        Xml.element(out, "Name", zone.name());
        Xml.element(out, "CallerReference", zone.callerReference());
        out.append("<Config>");
        Xml.element(out, "Comment", zone.comment());
        Xml.element(out, "PrivateZone", false);
        out.append("</Config>");
        Xml.element(out, "ResourceRecordSetCount", zone.recordSetCount());
        out.append("</HostedZone>");
    }

    private void delegationSet(StringBuilder out, HostedZone zone) {
        out.append("<DelegationSet><NameServers>");
        zone.nameServers().forEach(ns -> Xml.element(out, "NameServer", ns));
        out.append("</NameServers></DelegationSet>");
    }

    private void changeInfo(StringBuilder out, ChangeInfo change) {
        boolean inSync = served.servedSerial(change.zoneId()) >= change.serial();
        out.append("<ChangeInfo>");
        Xml.element(out, "Id", "/change/" + change.id());
        Xml.element(out, "Status", inSync ? "INSYNC" : "PENDING");
        Xml.element(out, "SubmittedAt", ISO.format(change.submittedAt().truncatedTo(ChronoUnit.MILLIS)));
        Xml.element(out, "Comment", change.comment());
        out.append("</ChangeInfo>");
    }

    private Counter outcome(String outcome) {
        return batchOutcomes.computeIfAbsent(outcome, o -> Counter.builder("cascade.zone.change.batches")
                .description("Route 53 change batches by outcome: applied, or the error code")
                .tag("outcome", o).register(registry));
    }

    private static List<HostedZone> sorted(List<HostedZone> zones) {
        return zones.stream().sorted(Comparator.comparing((HostedZone z) -> DnsNames.sortKey(z.name()))
                .thenComparing(HostedZone::id)).toList();
    }

    private static int compare(String key, String id, String fromKey, String fromId) {
        int byName = key.compareTo(fromKey);
        return byName != 0 ? byName : id.compareTo(fromId);
    }

    private static int maxItems(String text, int defaultValue, int limit) {
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return Math.min(value, limit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Route53Error.invalidInput("The input is not valid: maxitems must be a positive integer, got " + text);
    }

    private static String stripPrefix(String id, String prefix) {
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }

    private String requestId() {
        return String.format("cascade-%012x", requestSequence.incrementAndGet());
    }

    private StringBuilder start(String root) {
        return new StringBuilder(512).append(Xml.PROLOG).append('<').append(root).append(" xmlns=\"").append(Xml.NS)
                .append("\">");
    }

    private static String end(StringBuilder out, String root) {
        return out.append("</").append(root).append('>').toString();
    }

    private ResponseEntity<String> ok(String body) {
        return ResponseEntity.ok().contentType(XML).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("x-amzn-RequestId", requestId()).body(body);
    }
}
