package io.cascadelab.enactor.zone;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** {@link ZoneApi} through the real AWS SDK v2 {@code Route53Client}. */
public final class Route53ZoneApi implements ZoneApi {

    private static final int PAGE = 300;

    private final Route53Client route53;
    private final String zoneName;
    private volatile String hostedZoneId;

    /** @param zoneName the hosted zone's name, e.g. {@code cascade.test.}; its id is looked up on first use */
    public Route53ZoneApi(Route53Client route53, String zoneName) {
        this.route53 = route53;
        this.zoneName = Names.absolute(zoneName);
    }

    /** ListHostedZonesByName on the configured name; the zone may come up after the enactor, so looked up lazily. */
    String hostedZoneId() {
        String id = hostedZoneId;
        if (id != null) {
            return id;
        }
        try {
            for (HostedZone zone : route53.listHostedZonesByName(r -> r.dnsName(zoneName).maxItems("1")).hostedZones()) {
                if (zone.name().equalsIgnoreCase(zoneName)) {
                    id = zone.id().substring(zone.id().lastIndexOf('/') + 1);
                    hostedZoneId = id;
                    return id;
                }
            }
        } catch (Route53Exception | SdkClientException | UncheckedIOException e) {
            throw new Busy("cannot look up hosted zone " + zoneName + ": " + e.getMessage(), e);
        }
        throw new Busy("no hosted zone named " + zoneName, null);
    }

    @Override
    public Optional<RecordSet> get(String name, String type) {
        String absolute = Names.absolute(name);
        ListResourceRecordSetsResponse page = call(() -> route53.listResourceRecordSets(r -> r
                .hostedZoneId(hostedZoneId()).startRecordName(absolute).startRecordType(type).maxItems("1")));
        return page.resourceRecordSets().stream()
                .filter(set -> Names.absolute(set.name()).equalsIgnoreCase(absolute) && set.typeAsString().equals(type))
                .findFirst()
                .map(Route53ZoneApi::fromSdk);
    }

    @Override
    public List<RecordSet> listAll() {
        List<RecordSet> all = new ArrayList<>();
        String nextName = null;
        String nextType = null;
        // bounded: a zone of a million sets is ~3,400 pages; anything beyond that is a listing that never ends
        for (int pages = 0; pages < 10_000; pages++) {
            ListResourceRecordSetsRequest.Builder request = ListResourceRecordSetsRequest.builder()
                    .hostedZoneId(hostedZoneId()).maxItems(Integer.toString(PAGE));
            if (nextName != null) {
                request.startRecordName(nextName).startRecordType(nextType);
            }
            ListResourceRecordSetsResponse page = call(() -> route53.listResourceRecordSets(request.build()));
            page.resourceRecordSets().forEach(set -> all.add(fromSdk(set)));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return all;
            }
            nextName = page.nextRecordName();
            nextType = page.nextRecordTypeAsString();
        }
        throw new IllegalStateException("listing of " + zoneName + " did not end");
    }

    @Override
    public void change(List<Change> changes) {
        List<software.amazon.awssdk.services.route53.model.Change> sdkChanges = changes.stream()
                .map(change -> software.amazon.awssdk.services.route53.model.Change.builder()
                        .action(ChangeAction.fromValue(change.action().name()))
                        .resourceRecordSet(toSdk(change.recordSet())).build())
                .toList();
        call(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId())
                .changeBatch(ChangeBatch.builder().changes(sdkChanges).build())));
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (InvalidChangeBatchException e) {
            throw new Rejected(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage(), e);
        } catch (Route53Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e.statusCode() >= 500 || "PriorRequestNotComplete".equals(code) || code.startsWith("Throttl")) {
                throw new Busy(code + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (SdkClientException | UncheckedIOException e) {
            // a slow, lossy or refused network: the request may not have left; the caller retries
            throw new Busy(e.getMessage(), e);
        }
    }

    private static RecordSet fromSdk(ResourceRecordSet set) {
        return new RecordSet(Names.absolute(set.name()).toLowerCase(Locale.ROOT), set.typeAsString(),
                set.ttl() == null ? 0 : set.ttl(), set.resourceRecords().stream().map(ResourceRecord::value).toList());
    }

    private static ResourceRecordSet toSdk(RecordSet set) {
        return ResourceRecordSet.builder().name(set.name()).type(RRType.fromValue(set.type())).ttl(set.ttl())
                .resourceRecords(set.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
    }
}
