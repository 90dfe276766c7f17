package io.cascadelab.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static io.cascadelab.dynamo.Conformance.VALIDATION_ERROR;
import static io.cascadelab.dynamo.Conformance.both;
import static io.cascadelab.dynamo.Conformance.cascadeOnly;
import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB's documented size and count limits, each at its boundary: the limit itself is accepted, one more is
 * refused with DynamoDB's message, and a refused write writes nothing. Where dynalite departs from the documentation
 * the step is {@code documented} (checked on Cascade only; listed in the README).
 */
class LimitsConformanceTest {

    private static final String RANGE_KEY_TOO_LONG = "One or more parameter values were invalid: Aggregated size of all"
            + " range keys has exceeded the size limit of 1024 bytes";

    /** {@code before + "aaa…" + after}, exactly {@code bytes} UTF-8 bytes long (all ASCII). */
    private static String padded(String before, int bytes, String after) {
        return before + "a".repeat(bytes - before.length() - after.length()) + after;
    }

    private static String expressionTooLong(String member, int bytes) {
        return "Invalid " + member + ": Expression size has exceeded the maximum allowed size; expression size: " + bytes;
    }

    @Test
    void rangeKeysAreLimitedTo1024BytesNotCharacters() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("rangelimit"), "pk", "S", "sk", "S");
            String binary = createTable(t.client, uniqueTable("rangelimitb"), "pk", "S", "sk", "B");
            t.step("1024-byte range key", () -> t.client.putItem(r -> r.tableName(table)
                    .item(item("pk", s("p"), "sk", s("r".repeat(1024))))).sdkHttpResponse().isSuccessful());
            t.step("1025-byte range key", () -> t.client.putItem(r -> r.tableName(table)
                    .item(item("pk", s("p"), "sk", s("r".repeat(1025))))));
            t.step("only the 1024-byte key written", () -> t.client.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :p").expressionAttributeValues(item(":p", s("p")))).count());
            t.step("1024-byte binary range key", () -> t.client.putItem(r -> r.tableName(binary)
                    .item(item("pk", s("p"), "sk", b(new byte[1024])))).sdkHttpResponse().isSuccessful());
            t.step("1025-byte binary range key", () -> t.client.putItem(r -> r.tableName(binary)
                    .item(item("pk", s("p"), "sk", b(new byte[1025])))));
            t.step("only the 1024-byte binary key written", () -> t.client.query(r -> r.tableName(binary)
                    .keyConditionExpression("pk = :p").expressionAttributeValues(item(":p", s("p")))).count());
            // The limit is in bytes: 512 two-byte characters fill it, and one more ASCII character is over it.
            t.step("1024 bytes in 512 characters", () -> t.client.putItem(r -> r.tableName(table)
                    .item(item("pk", s("multibyte"), "sk", s("é".repeat(512))))).sdkHttpResponse().isSuccessful());
            t.documented("1025 bytes in 513 characters", () -> t.client.putItem(r -> r.tableName(table)
                    .item(item("pk", s("multibyte"), "sk", s("é".repeat(512) + "r")))));
            t.documented("only the 1024-byte multibyte key written", () -> t.client.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :p").expressionAttributeValues(item(":p", s("multibyte")))).count());
        });
        assertThat(steps.get("1024-byte range key")).isEqualTo(true);
        assertThat(steps.get("1025-byte range key")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("1025-byte range key")).isEqualTo(RANGE_KEY_TOO_LONG);
        assertThat(steps.get("only the 1024-byte key written")).isEqualTo(1);
        assertThat(steps.get("1025-byte binary range key")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("1025-byte binary range key")).isEqualTo(RANGE_KEY_TOO_LONG);
        assertThat(steps.get("only the 1024-byte binary key written")).isEqualTo(1);
        assertThat(steps.get("1024 bytes in 512 characters")).isEqualTo(true);
        assertThat(steps.get("1025 bytes in 513 characters")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("1025 bytes in 513 characters")).isEqualTo(RANGE_KEY_TOO_LONG);
        assertThat(steps.get("only the 1024-byte multibyte key written")).isEqualTo(1);
    }

    @Test
    void expressionsAreLimitedTo4096BytesAsSent() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("exprlimit"), "pk", "S", null, null);
            t.client.putItem(r -> r.tableName(table).item(item("pk", s("seed"))));
            // Reads first, so the over-limit writes dynalite accepts cannot change what the compared reads see.
            t.step("4096-byte filter", () -> t.client.scan(r -> r.tableName(table)
                    .filterExpression(padded("attribute_not_exists(", 4096, ")"))).count());
            t.documented("4097-byte filter", () -> t.client.scan(r -> r.tableName(table)
                    .filterExpression(padded("attribute_not_exists(", 4097, ")"))).count());
            t.step("4096-byte projection", () -> t.client.getItem(r -> r.tableName(table).key(item("pk", s("seed")))
                    .projectionExpression(padded("pk, ", 4096, ""))).item());
            t.documented("4097-byte projection", () -> t.client.getItem(r -> r.tableName(table)
                    .key(item("pk", s("seed"))).projectionExpression(padded("pk, ", 4097, ""))).item());
            t.step("4096-byte condition", () -> t.client.putItem(r -> r.tableName(table).item(item("pk", s("c")))
                    .conditionExpression(padded("attribute_not_exists(", 4096, ")"))).sdkHttpResponse().isSuccessful());
            t.documented("4097-byte condition", () -> t.client.putItem(r -> r.tableName(table).item(item("pk", s("c2")))
                    .conditionExpression(padded("attribute_not_exists(", 4097, ")"))));
            t.documented("refused condition wrote nothing", () -> t.client.getItem(r -> r.tableName(table)
                    .key(item("pk", s("c2")))).hasItem());
            t.step("4096-byte update", () -> t.client.updateItem(r -> r.tableName(table).key(item("pk", s("u")))
                    .updateExpression(padded("SET ", 4096, " = :v")).expressionAttributeValues(item(":v", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes().size());
            t.documented("4097-byte update", () -> t.client.updateItem(r -> r.tableName(table).key(item("pk", s("u2")))
                    .updateExpression(padded("SET ", 4097, " = :v")).expressionAttributeValues(item(":v", n(1)))));
            t.documented("refused update wrote nothing", () -> t.client.getItem(r -> r.tableName(table)
                    .key(item("pk", s("u2")))).hasItem());
            // Bytes, not characters: 2,070 characters, 4,118 UTF-8 bytes. Refused for its size before its syntax
            // (a non-ASCII name needs a placeholder), so both refuse it, for different reasons.
            t.step("4118 bytes in 2070 characters", () -> t.client.putItem(r -> r.tableName(table)
                    .item(item("pk", s("mb"))).conditionExpression("attribute_not_exists(" + "é".repeat(2048) + ")")));
        });
        assertThat(steps.get("4096-byte filter")).isEqualTo(1);
        assertThat(steps.get("4097-byte filter")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("4097-byte filter")).isEqualTo(expressionTooLong("FilterExpression", 4097));
        assertThat(steps.get("4096-byte projection")).isEqualTo(item("pk", s("seed")));
        assertThat(steps.get("4097-byte projection")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("4097-byte projection")).isEqualTo(expressionTooLong("ProjectionExpression", 4097));
        assertThat(steps.get("4096-byte condition")).isEqualTo(true);
        assertThat(steps.get("4097-byte condition")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("4097-byte condition")).isEqualTo(expressionTooLong("ConditionExpression", 4097));
        assertThat(steps.get("refused condition wrote nothing")).isEqualTo(false);
        assertThat(steps.get("4096-byte update")).isEqualTo(2);
        assertThat(steps.get("4097-byte update")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("4097-byte update")).isEqualTo(expressionTooLong("UpdateExpression", 4097));
        assertThat(steps.get("refused update wrote nothing")).isEqualTo(false);
        assertThat(steps.get("4118 bytes in 2070 characters")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("4118 bytes in 2070 characters")).isEqualTo(expressionTooLong("ConditionExpression", 4118));
    }

    @Test
    void batchGetItemTakesAtMost100Keys() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("bgkeys"), "pk", "S", null, null);
            String other = createTable(t.client, uniqueTable("bgkeys2"), "pk", "S", null, null);
            for (String k : List.of("k0", "k50", "k99")) {
                t.client.putItem(r -> r.tableName(table).item(item("pk", s(k))));
            }
            t.step("100 keys", () -> {
                BatchGetItemResponse r = t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keys("k", 100)).build())));
                return List.of(ItemConformanceTest.sortedByKey(r.responses().get(table), "pk"), r.unprocessedKeys());
            });
            t.step("101 keys", () -> t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(keys("k", 101)).build()))));
            t.step("101 keys over two tables", () -> t.client.batchGetItem(b -> b.requestItems(Map.of(
                    table, KeysAndAttributes.builder().keys(keys("k", 60)).build(),
                    other, KeysAndAttributes.builder().keys(keys("o", 41)).build()))));
        });
        assertThat(steps.get("100 keys")).isEqualTo(List.of(
                List.of(item("pk", s("k0")), item("pk", s("k50")), item("pk", s("k99"))), Map.of()));
        assertThat(steps.get("101 keys")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("101 keys")).startsWith("1 validation error detected: Value at 'RequestItems.bgkeys-")
                .endsWith(".member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100");
        assertThat(steps.get("101 keys over two tables")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("101 keys over two tables")).isEqualTo("Too many items requested for the BatchGetItem call");
    }

    private static List<Map<String, AttributeValue>> keys(String prefix, int count) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(item("pk", s(prefix + i)));
        }
        return keys;
    }

    /**
     * Cascade only: dynalite 4.0.0 stops a BatchGetItem response at 1 MB plus one item, DynamoDB's limit before it
     * became 16 MB (listed in the README). 41 items of DynamoDB size 8 + pad bytes ({@code pk}, a 3-byte key,
     * {@code pad}): forty of 409,600 bytes (the 400 KB item limit) and one of 393,216 make exactly 16 MB.
     */
    @Test
    void batchGetItemReturnsAtMost16MegabytesAndTheRestAsUnprocessedKeys() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("bg16mb"), "pk", "S", null, null);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < 41; i++) {
                String k = "k%02d".formatted(i);
                int itemBytes = i < 40 ? 400 * 1024 : 16 * 1024 * 1024 - 40 * 400 * 1024;
                t.client.putItem(r -> r.tableName(table).item(item("pk", s(k), "pad", s("x".repeat(itemBytes - 8)))));
                keys.add(item("pk", s(k)));
            }
            t.step("exactly 16 MB", () -> {
                BatchGetItemResponse r = t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keys).build())));
                return List.of(r.responses().get(table).size(), r.unprocessedKeys());
            });
            t.client.putItem(r -> r.tableName(table).item(item("pk", s("k40"),
                    "pad", s("x".repeat(16 * 1024 * 1024 - 40 * 400 * 1024 + 1 - 8)))));
            t.step("one byte more", () -> {
                BatchGetItemResponse r = t.client.batchGetItem(b -> b.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keys).build())));
                return List.of(r.responses().get(table).size(), r.unprocessedKeys().get(table).keys());
            });
        });
        assertThat(steps.get("exactly 16 MB")).isEqualTo(List.of(41, Map.of()));
        assertThat(steps.get("one byte more")).isEqualTo(List.of(40, List.of(item("pk", s("k40")))));
    }
}
