package io.cascadelab.dynamo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static io.cascadelab.dynamo.Conformance.both;
import static io.cascadelab.dynamo.Conformance.VALIDATION_ERROR;
import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Tables, Query, Scan and the batch operations: Cascade and dynalite must agree. */
class ReadAndBatchConformanceTest {

    private static List<Object> page(QueryResponse r) {
        return List.of(r.items().stream().map(i -> i.get("sk")).toList(), r.count(), r.scannedCount(),
                r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : "end");
    }

    @Test
    void tablesAreCreatedDescribedListedAndDeleted() {
        var steps = both(t -> {
            String table = uniqueTable("life");
            t.step("create", () -> createTable(t.client, table, "pk", "S", "sk", "N").equals(table));
            t.step("create again", () -> createTable(t.client, table, "pk", "S", null, null));
            t.step("describe", () -> {
                var d = t.client.describeTable(r -> r.tableName(table)).table();
                return List.of(d.tableName().equals(table), d.keySchema(), d.attributeDefinitions(), d.tableStatus(), d.itemCount());
            });
            t.step("listed", () -> t.client.listTables().tableNames().contains(table));
            t.step("hash key without definition", () -> t.client.createTable(r -> r.tableName(uniqueTable("bad"))
                    .keySchema(k -> k.attributeName("x").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("y").attributeType("S"))
                    .billingMode("PAY_PER_REQUEST")));
            t.step("bad name", () -> t.client.createTable(r -> r.tableName("a!")
                    .keySchema(k -> k.attributeName("x").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("x").attributeType("S"))
                    .billingMode("PAY_PER_REQUEST")));
            t.step("delete", () -> t.client.deleteTable(r -> r.tableName(table)).tableDescription().tableName().equals(table));
            t.step("describe deleted", () -> {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .pollInterval(java.time.Duration.ofMillis(10)).until(() -> {
                            try {
                                t.client.describeTable(r -> r.tableName(table));
                                return false;
                            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                                return true;
                            }
                        });
                return t.client.describeTable(r -> r.tableName(table));
            });
        });
        assertThat(steps.get("create again")).isEqualTo("!ResourceInUseException");
        assertThat(steps.get("describe deleted")).isEqualTo("!ResourceNotFoundException");
    }

    @Test
    void querySortsRangeKeysAsDynamoDbDoesAndPagesWithLimit() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("query"), "pk", "S", "sk", "N");
            for (String sk : List.of("-100", "-1.5", "-1", "0", "0.001", "1", "1.5", "2", "10", "1E+3", "-1E-3")) {
                t.client.putItem(r -> r.tableName(table).item(item("pk", s("p"), "sk", n(sk), "odd", bool(sk.contains("1")))));
            }
            t.client.putItem(r -> r.tableName(table).item(item("pk", s("other"), "sk", n(5))));
            t.step("all ascending", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(item(":p", s("p"))))));
            t.step("descending", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(item(":p", s("p"))).scanIndexForward(false))));
            t.step("between", () -> page(t.client.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :p AND sk BETWEEN :lo AND :hi")
                    .expressionAttributeValues(item(":p", s("p"), ":lo", n(-1), ":hi", n("1.5"))))));
            t.step("greater", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk > :v")
                    .expressionAttributeValues(item(":p", s("p"), ":v", n(1))))));
            t.step("filter and limit", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .filterExpression("odd = :t").limit(4).expressionAttributeValues(item(":p", s("p"), ":t", bool(true))))));
            t.step("count", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .select(Select.COUNT).expressionAttributeValues(item(":p", s("p"))))));
            t.step("pages of 3", () -> {
                List<Object> pages = new ArrayList<>();
                Map<String, AttributeValue> start = null;
                for (int i = 0; i < 10; i++) {
                    Map<String, AttributeValue> from = start;
                    QueryResponse r = t.client.query(q -> q.tableName(table).keyConditionExpression("pk = :p").limit(3)
                            .exclusiveStartKey(from).expressionAttributeValues(item(":p", s("p"))));
                    pages.add(page(r));
                    if (!r.hasLastEvaluatedKey()) {
                        break;
                    }
                    start = r.lastEvaluatedKey();
                }
                return pages;
            });
            t.step("filter on key", () -> t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .filterExpression("sk > :v").expressionAttributeValues(item(":p", s("p"), ":v", n(1)))));
            t.step("no hash condition", () -> t.client.query(r -> r.tableName(table).keyConditionExpression("sk > :v")
                    .expressionAttributeValues(item(":v", n(1)))));
            t.step("wrong key type", () -> t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(item(":p", n(1)))));
            t.step("unknown index", () -> t.client.query(r -> r.tableName(table).indexName("byOther")
                    .keyConditionExpression("pk = :p").expressionAttributeValues(item(":p", s("p")))));
        });
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) steps.get("all ascending");
        assertThat(all.get(0)).isEqualTo(List.of(n("-100"), n("-1.5"), n("-1"), n("-0.001"), n("0"), n("0.001"), n("1"),
                n("1.5"), n("2"), n("10"), n("1000")));
        assertThat(steps.get("filter on key")).isEqualTo(VALIDATION_ERROR);
    }

    @Test
    void stringAndBinaryRangeKeysSortBytewise() {
        both(t -> {
            String table = createTable(t.client, uniqueTable("strings"), "pk", "S", "sk", "S");
            for (String sk : List.of("a", "B", "ab", "é", "z", "aa", "a b", "\uD83D\uDE00", "\uFFFD")) {
                t.client.putItem(r -> r.tableName(table).item(item("pk", s("p"), "sk", s(sk))));
            }
            t.step("order", () -> page(t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(item(":p", s("p"))))));
            t.step("begins_with", () -> page(t.client.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :p AND begins_with(sk, :a)").expressionAttributeValues(item(":p", s("p"),
                            ":a", s("a"))))));
            String binary = createTable(t.client, uniqueTable("binary"), "pk", "S", "sk", "B");
            for (int v : new int[] {0x80, 0x01, 0xff, 0x7f, 0x00}) {
                t.client.putItem(r -> r.tableName(binary).item(item("pk", s("p"), "sk", b((byte) v, (byte) 1))));
            }
            t.step("binary order", () -> page(t.client.query(r -> r.tableName(binary).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(item(":p", s("p"))))));
        });
    }

    @Test
    void parallelScanSegmentsCoverEveryItemExactlyOnceAndPagesStopAtOneMegabyte() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("scan"), "pk", "N", null, null);
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", n(i), "v", n(i % 7))).build()).build());
                if (batch.size() == 25) {
                    List<WriteRequest> send = List.copyOf(batch);
                    t.client.batchWriteItem(r -> r.requestItems(Map.of(table, send)));
                    batch.clear();
                }
            }
            t.step("segments", () -> {
                Set<AttributeValue> seen = new HashSet<>();
                int total = 0;
                for (int segment = 0; segment < 4; segment++) {
                    int seg = segment;
                    Map<String, AttributeValue> start = null;
                    do {
                        Map<String, AttributeValue> from = start;
                        ScanResponse r = t.client.scan(s -> s.tableName(table).segment(seg).totalSegments(4).limit(7)
                                .exclusiveStartKey(from));
                        r.items().forEach(i -> seen.add(i.get("pk")));
                        total += r.count();
                        start = r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null;
                    } while (start != null);
                }
                return List.of(total, seen.size());
            });
            t.step("filtered count", () -> t.client.scan(r -> r.tableName(table).filterExpression("v = :z")
                    .expressionAttributeValues(item(":z", n(0)))).count());
            t.step("bad segment", () -> t.client.scan(r -> r.tableName(table).segment(4).totalSegments(4)));
            t.documented("segment alone", () -> t.client.scan(r -> r.tableName(table).segment(0)));
            String big = createTable(t.client, uniqueTable("big"), "pk", "N", null, null);
            for (int i = 0; i < 14; i++) {
                int k = i;
                t.client.putItem(r -> r.tableName(big).item(item("pk", n(k), "pad", s("x".repeat(100_000)))));
            }
            t.step("first page", () -> {
                ScanResponse r = t.client.scan(s -> s.tableName(big));
                return List.of(r.count(), r.hasLastEvaluatedKey());
            });
        });
        assertThat(steps.get("segments")).isEqualTo(List.of(100, 100));
        assertThat(steps.get("filtered count")).isEqualTo(15);
        assertThat(steps.get("first page")).isEqualTo(List.of(11, true));
        assertThat(steps.get("segment alone")).isEqualTo(VALIDATION_ERROR);
    }

    @Test
    void batchWritesAndGetsRespectTheirLimits() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("batch"), "pk", "S", null, null);
            List<WriteRequest> puts = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("k" + i), "v", n(i))).build()).build());
            }
            t.step("25 puts", () -> t.client.batchWriteItem(r -> r.requestItems(Map.of(table, puts))).unprocessedItems());
            List<WriteRequest> tooMany = new ArrayList<>(puts);
            tooMany.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("k99"))).build()).build());
            t.step("26 puts", () -> t.client.batchWriteItem(r -> r.requestItems(Map.of(table, tooMany))));
            t.step("duplicate keys", () -> t.client.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("d"))).build()).build(),
                    WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item("pk", s("d"))).build()).build())))));
            t.step("mixed", () -> t.client.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item("pk", s("new"))).build()).build(),
                    WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item("pk", s("k0"))).build()).build()))))
                    .unprocessedItems());
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                keys.add(item("pk", s("k" + i)));
            }
            t.step("get", () -> {
                var r = t.client.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys)
                        .projectionExpression("v").build())));
                return List.of(ItemConformanceTest.sortedByKey(r.responses().get(table), "v"), r.unprocessedKeys());
            });
            List<Map<String, AttributeValue>> many = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                many.add(item("pk", s("m" + i)));
            }
            t.step("101 keys", () -> t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(many).build()))));
            t.step("duplicate get", () -> t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(item("pk", s("k1")), item("pk", s("k1"))).build()))));
            t.step("missing table", () -> t.client.batchGetItem(b -> b.requestItems(Map.of("no-such-table",
                    KeysAndAttributes.builder().keys(item("pk", s("k1"))).build()))));
        });
        @SuppressWarnings("unchecked")
        List<Object> got = (List<Object>) steps.get("get");
        assertThat((List<?>) got.get(0)).hasSize(24);
        assertThat(steps.get("26 puts")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("missing table")).isEqualTo("!ResourceNotFoundException");
    }
}
