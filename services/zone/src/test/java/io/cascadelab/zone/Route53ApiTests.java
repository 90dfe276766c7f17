package io.cascadelab.zone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchChangeException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.AliasTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class Route53ApiTests extends ZoneTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    @Test
    void defaultZoneExistsWithSoaAndNsAndIsFoundByName() {
        try (Route53Client r53 = route53()) {
            var zone = r53.getHostedZone(b -> b.id(ZONE_ID));
            assertThat(zone.hostedZone().id()).isEqualTo(ZONE_ID);
            assertThat(zone.hostedZone().name()).isEqualTo(ZONE);
            assertThat(zone.delegationSet().nameServers()).isNotEmpty();
            var byName = r53.listHostedZonesByName(b -> b.dnsName(ZONE));
            assertThat(byName.hostedZones()).anySatisfy(z -> assertThat(z.id()).endsWith(ZONE_ID));
            var apex = r53.listResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).startRecordName(ZONE).maxItems("2"));
            assertThat(apex.resourceRecordSets()).extracting(ResourceRecordSet::type)
                    .containsExactly(RRType.NS, RRType.SOA);
        }
    }

    @Test
    void everyApiCallTakesAtLeastTheConfiguredLatency() {
        try (Route53Client r53 = route53()) {
            r53.getHostedZone(b -> b.id(ZONE_ID));
            long started = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                r53.getHostedZone(b -> b.id(ZONE_ID));
            }
            // a lower bound only (the default, 25 ms a call): the calls cannot be faster, however fast the machine
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 25));
        }
    }

    @Test
    void createHostedZoneReturnsRoute53ShapedIdsAndRefusesAReusedCallerReference() {
        try (Route53Client r53 = route53()) {
            CreateHostedZoneResponse created = r53.createHostedZone(b -> b.name("other.example.").callerReference("ref-1"));
            assertThat(created.hostedZone().id()).matches("Z[A-Z0-9]{13,20}");
            assertThat(created.changeInfo().id()).matches("C[A-Z0-9]{13}");
            assertThat(r53.getHostedZone(b -> b.id(created.hostedZone().id())).hostedZone().name())
                    .isEqualTo("other.example.");
            assertThatThrownBy(() -> r53.createHostedZone(b -> b.name("third.example.").callerReference("ref-1")))
                    .isInstanceOf(HostedZoneAlreadyExistsException.class);
        }
    }

    @Test
    void createUpsertDeleteRoundTripThroughTheSdk() {
        try (Route53Client r53 = route53()) {
            String name = "crud.cascade.test.";
            ChangeInfo created = apply(r53, change(ChangeAction.CREATE, name, RRType.A, 60, "10.0.0.1", "10.0.0.2"));
            assertThat(created.status()).isIn(ChangeStatus.PENDING, ChangeStatus.INSYNC);
            assertThat(only(r53, name, RRType.A).resourceRecords()).extracting(r -> r.value())
                    .containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");

            apply(r53, change(ChangeAction.UPSERT, name, RRType.A, 30, "10.0.0.3"));
            ResourceRecordSet upserted = only(r53, name, RRType.A);
            assertThat(upserted.ttl()).isEqualTo(30);
            assertThat(upserted.resourceRecords()).extracting(r -> r.value()).containsExactly("10.0.0.3");

            apply(r53, change(ChangeAction.DELETE, name, RRType.A, 30, "10.0.0.3"));
            assertThat(find(r53, name, RRType.A)).isNull();
        }
    }

    @Test
    void getChangeTurnsInsyncAndUnknownChangeIsNoSuchChange() {
        try (Route53Client r53 = route53()) {
            ChangeInfo info = apply(r53, change(ChangeAction.CREATE, "sync.cascade.test.", RRType.TXT, 60, "\"hello\""));
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> r53.getChange(b -> b.id(info.id())).changeInfo().status() == ChangeStatus.INSYNC);
            assertThatThrownBy(() -> r53.getChange(b -> b.id("CNOSUCHCHANGE00")))
                    .isInstanceOfSatisfying(NoSuchChangeException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(404));
        }
    }

    @Test
    void createOfAnExistingSetFailsAndTheWholeBatchIsDiscarded() {
        try (Route53Client r53 = route53()) {
            apply(r53, change(ChangeAction.CREATE, "dup.cascade.test.", RRType.A, 60, "10.1.0.1"));
            assertThatThrownBy(() -> apply(r53,
                    change(ChangeAction.CREATE, "fresh.cascade.test.", RRType.A, 60, "10.1.0.2"),
                    change(ChangeAction.CREATE, "dup.cascade.test.", RRType.A, 60, "10.1.0.9")))
                    .isInstanceOfSatisfying(InvalidChangeBatchException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidChangeBatch");
                        assertThat(e.messages()).singleElement().asString().contains("already exists");
                    });
            assertThat(find(r53, "fresh.cascade.test.", RRType.A)).isNull();
            assertThat(only(r53, "dup.cascade.test.", RRType.A).resourceRecords().get(0).value()).isEqualTo("10.1.0.1");
        }
    }

    @Test
    void deleteMustMatchTtlAndEveryValueExactly() {
        try (Route53Client r53 = route53()) {
            String name = "exact.cascade.test.";
            apply(r53, change(ChangeAction.CREATE, name, RRType.A, 60, "10.2.0.1", "10.2.0.2"));
            for (Change wrong : List.of(
                    change(ChangeAction.DELETE, name, RRType.A, 61, "10.2.0.1", "10.2.0.2"),
                    change(ChangeAction.DELETE, name, RRType.A, 60, "10.2.0.1"),
                    change(ChangeAction.DELETE, name, RRType.A, 60, "10.2.0.1", "10.2.0.3"),
                    change(ChangeAction.DELETE, "missing.cascade.test.", RRType.A, 60, "10.2.0.1"))) {
                assertThatThrownBy(() -> apply(r53, wrong)).isInstanceOf(InvalidChangeBatchException.class);
            }
            assertThat(only(r53, name, RRType.A).resourceRecords()).hasSize(2);
            apply(r53, change(ChangeAction.DELETE, name, RRType.A, 60, "10.2.0.2", "10.2.0.1"));
            assertThat(find(r53, name, RRType.A)).isNull();
        }
    }

    @Test
    void deleteAndCreateOfTheSameSetInOneBatchActsAsCompareAndSet() {
        try (Route53Client r53 = route53()) {
            String name = "gen.cascade.test.";
            apply(r53, change(ChangeAction.CREATE, name, RRType.TXT, 60, "\"generation=1\""));
            apply(r53, change(ChangeAction.DELETE, name, RRType.TXT, 60, "\"generation=1\""),
                    change(ChangeAction.CREATE, name, RRType.TXT, 60, "\"generation=2\""));
            assertThatThrownBy(() -> apply(r53,
                    change(ChangeAction.DELETE, name, RRType.TXT, 60, "\"generation=1\""),
                    change(ChangeAction.CREATE, name, RRType.TXT, 60, "\"generation=3\"")))
                    .isInstanceOf(InvalidChangeBatchException.class);
            assertThat(only(r53, name, RRType.TXT).resourceRecords().get(0).value()).isEqualTo("\"generation=2\"");
        }
    }

    @Test
    void invalidBatchesAreRejectedWithTheRightErrorAndChangeNothing() {
        try (Route53Client r53 = route53()) {
            long serialBefore = soaSerial(r53);
            // bad value
            assertInvalidBatch(r53, change(ChangeAction.CREATE, "bad.cascade.test.", RRType.A, 60, "999.1.1.1"));
            assertInvalidBatch(r53, change(ChangeAction.CREATE, "bad.cascade.test.", RRType.AAAA, 60, "10.0.0.1"));
            // name outside the zone
            assertInvalidBatch(r53, change(ChangeAction.CREATE, "www.example.com.", RRType.A, 60, "10.0.0.1"));
            // the same action twice on one set
            assertInvalidBatch(r53, change(ChangeAction.UPSERT, "twice.cascade.test.", RRType.A, 60, "10.0.0.1"),
                    change(ChangeAction.UPSERT, "twice.cascade.test.", RRType.A, 60, "10.0.0.2"));
            // CNAME beside other data, CNAME with two values
            apply(r53, change(ChangeAction.CREATE, "host.cascade.test.", RRType.A, 60, "10.0.0.1"));
            serialBefore = soaSerial(r53);
            assertInvalidBatch(r53, change(ChangeAction.CREATE, "host.cascade.test.", RRType.CNAME, 60, "x.cascade.test."));
            assertInvalidBatch(r53, change(ChangeAction.CREATE, "c2.cascade.test.", RRType.CNAME, 60, "a.", "b."));
            // deleting the apex SOA
            ResourceRecordSet soa = only(r53, ZONE, RRType.SOA);
            assertInvalidBatch(r53, Change.builder().action(ChangeAction.DELETE).resourceRecordSet(soa).build());
            // too many records: UPSERT counts twice
            String[] values = new String[501];
            for (int i = 0; i < values.length; i++) {
                values[i] = "10.9." + (i / 250) + "." + (i % 250);
            }
            assertInvalidBatch(r53, change(ChangeAction.UPSERT, "big.cascade.test.", RRType.A, 60, values));

            assertThat(soaSerial(r53)).isEqualTo(serialBefore);
            assertThat(find(r53, "bad.cascade.test.", RRType.A)).isNull();
            assertThat(find(r53, "twice.cascade.test.", RRType.A)).isNull();
            assertThat(find(r53, "big.cascade.test.", RRType.A)).isNull();
        }
    }

    @Test
    void malformedOrUnsupportedInputIsInvalidInput() {
        try (Route53Client r53 = route53()) {
            ResourceRecordSet alias = ResourceRecordSet.builder().name("alias.cascade.test.").type(RRType.A)
                    .aliasTarget(AliasTarget.builder().dnsName("lb.cascade.test.").hostedZoneId(ZONE_ID)
                            .evaluateTargetHealth(false).build()).build();
            assertThatThrownBy(() -> r53.changeResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).changeBatch(cb -> cb
                    .changes(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(alias).build()))))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("AliasTarget");
                    });
            ResourceRecordSet weighted = set("w.cascade.test.", RRType.A, 60, "10.0.0.1").toBuilder()
                    .setIdentifier("one").weight(10L).build();
            assertThatThrownBy(() -> r53.changeResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).changeBatch(cb -> cb
                    .changes(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(weighted).build()))))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> apply(r53, change(ChangeAction.CREATE, "ttl.cascade.test.", RRType.A, -1, "10.0.0.1")))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> r53.listResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).startRecordType(RRType.A)))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void unknownZoneIsNoSuchHostedZone() {
        try (Route53Client r53 = route53()) {
            assertThatThrownBy(() -> r53.getHostedZone(b -> b.id("ZNOSUCHZONE0000")))
                    .isInstanceOfSatisfying(NoSuchHostedZoneException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(404));
            assertThatThrownBy(() -> r53.changeResourceRecordSets(b -> b.hostedZoneId("ZNOSUCHZONE0000")
                    .changeBatch(cb -> cb.changes(change(ChangeAction.CREATE, "x.cascade.test.", RRType.A, 60, "10.0.0.1")))))
                    .isInstanceOf(NoSuchHostedZoneException.class);
        }
    }

    @Test
    void listingFollowsRoute53OrderAndPaginates() {
        try (Route53Client r53 = route53()) {
            CreateHostedZoneResponse zone = r53.createHostedZone(b -> b.name("order.example.").callerReference("order"));
            String id = zone.hostedZone().id();
            r53.changeResourceRecordSets(b -> b.hostedZoneId(id).changeBatch(cb -> cb.changes(
                    change(ChangeAction.CREATE, "b.order.example.", RRType.A, 60, "10.0.0.1"),
                    change(ChangeAction.CREATE, "a.b.order.example.", RRType.A, 60, "10.0.0.1"),
                    change(ChangeAction.CREATE, "z.order.example.", RRType.TXT, 60, "\"z\""),
                    change(ChangeAction.CREATE, "b.order.example.", RRType.TXT, 60, "\"b\""),
                    change(ChangeAction.CREATE, "a.order.example.", RRType.MX, 60, "10 mail.order.example."),
                    change(ChangeAction.CREATE, "c-c.order.example.", RRType.AAAA, 60, "fd00::1"))));
            List<String> expected = List.of("order.example. NS", "order.example. SOA", "a.order.example. MX",
                    "b.order.example. A", "b.order.example. TXT", "a.b.order.example. A", "c-c.order.example. AAAA",
                    "z.order.example. TXT");
            List<String> seen = new ArrayList<>();
            String nextName = null;
            RRType nextType = null;
            for (int page = 0; page < 10; page++) {
                String startName = nextName;
                RRType startType = nextType;
                ListResourceRecordSetsResponse response = r53.listResourceRecordSets(b -> b.hostedZoneId(id)
                        .startRecordName(startName).startRecordType(startType).maxItems("3"));
                response.resourceRecordSets().forEach(s -> seen.add(s.name() + " " + s.typeAsString()));
                assertThat(response.resourceRecordSets()).hasSizeLessThanOrEqualTo(3);
                if (!response.isTruncated()) {
                    break;
                }
                nextName = response.nextRecordName();
                nextType = response.nextRecordType();
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void concurrentBatchesOnOneSetNeverLoseAnUpdate() throws Exception {
        String name = "counter.cascade.test.";
        try (Route53Client r53 = route53()) {
            apply(r53, change(ChangeAction.CREATE, name, RRType.TXT, 60, "\"0\""));
        }
        int threads = 6;
        int incrementsPerThread = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(incrementer(name, incrementsPerThread)));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertThat(total).isEqualTo(threads * incrementsPerThread);
            try (Route53Client r53 = route53()) {
                assertThat(only(r53, name, RRType.TXT).resourceRecords().get(0).value())
                        .isEqualTo("\"" + (threads * incrementsPerThread) + "\"");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchBlockedByAnotherTransactionFailsWithRetryablePriorRequestNotCompleteAndSdkRetriesSucceed()
            throws Exception {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("SELECT serial FROM hosted_zone WHERE id = ? FOR UPDATE")) {
                lock.setString(1, ZONE_ID);
                lock.executeQuery();
            }
            try (Route53Client noRetries = route53(0)) {
                assertThatThrownBy(() -> apply(noRetries,
                        change(ChangeAction.CREATE, "blocked.cascade.test.", RRType.A, 60, "10.3.0.1")))
                        .isInstanceOfSatisfying(PriorRequestNotCompleteException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(400));
            }
            try (Route53Client r53 = route53()) {
                assertThat(find(r53, "blocked.cascade.test.", RRType.A)).isNull();
                ExecutorService releaser = Executors.newSingleThreadExecutor();
                try {
                    Future<?> released = releaser.submit(() -> {
                        Thread.sleep(400);
                        connection.rollback();
                        return null;
                    });
                    // the first attempt waits 250 ms and loses; the SDK's own retry policy carries it through
                    try (Route53Client retrying = route53(10)) {
                        apply(retrying, change(ChangeAction.CREATE, "blocked.cascade.test.", RRType.A, 60, "10.3.0.1"));
                    }
                    released.get();
                } finally {
                    releaser.shutdownNow();
                }
                assertThat(only(r53, "blocked.cascade.test.", RRType.A).resourceRecords()).hasSize(1);
            }
        }
    }

    /** Read-modify-write with DELETE(old)+CREATE(new): a lost race is an InvalidChangeBatch, then re-read. */
    private Callable<Integer> incrementer(String name, int increments) {
        return () -> {
            int done = 0;
            try (Route53Client r53 = route53()) {
                for (int attempt = 0; done < increments && attempt < 1000; attempt++) {
                    String current = only(r53, name, RRType.TXT).resourceRecords().get(0).value();
                    int value = Integer.parseInt(current.replace("\"", ""));
                    try {
                        apply(r53, change(ChangeAction.DELETE, name, RRType.TXT, 60, current),
                                change(ChangeAction.CREATE, name, RRType.TXT, 60, "\"" + (value + 1) + "\""));
                        done++;
                    } catch (InvalidChangeBatchException lostRace) {
                        // another writer got there first; read again
                    }
                }
            }
            return done;
        };
    }

    private static void assertInvalidBatch(Route53Client r53, Change... changes) {
        assertThatThrownBy(() -> apply(r53, changes)).isInstanceOfSatisfying(InvalidChangeBatchException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.messages()).isNotEmpty();
        });
    }

    private static long soaSerial(Route53Client r53) {
        return Long.parseLong(only(r53, ZONE, RRType.SOA).resourceRecords().get(0).value().split(" ")[2]);
    }

    static ChangeInfo apply(Route53Client r53, Change... changes) {
        return r53.changeResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).changeBatch(cb -> cb.changes(changes)))
                .changeInfo();
    }

    static ResourceRecordSet find(Route53Client r53, String name, RRType type) {
        return r53.listResourceRecordSets(b -> b.hostedZoneId(ZONE_ID).startRecordName(name).startRecordType(type)
                        .maxItems("1")).resourceRecordSets().stream()
                .filter(s -> s.name().equals(name) && s.type() == type).findFirst().orElse(null);
    }

    static ResourceRecordSet only(Route53Client r53, String name, RRType type) {
        ResourceRecordSet set = find(r53, name, type);
        assertThat(set).as("%s %s", name, type).isNotNull();
        return set;
    }
}
