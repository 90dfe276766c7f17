package io.cascadelab.dynamo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import static io.cascadelab.dynamo.Conformance.cascadeOnly;
import static io.cascadelab.dynamo.Conformance.VALIDATION_ERROR;
import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TransactWriteItems and TransactGetItems. dynalite 4.0.0 does not implement transactions, so these run against
 * Cascade only and assert what AWS's documentation specifies.
 */
class TransactionTest {

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    @Test
    void aFailedConditionCancelsTheWholeTransactionWithReasonsAndWritesNothing() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("tx"), "pk", "S", null, null);
            t.client.putItem(r -> r.tableName(table).item(item("pk", s("a"), "v", n(1))));
            t.step("cancelled", () -> {
                try {
                    t.client.transactWriteItems(r -> r.transactItems(
                            put(table, item("pk", s("b"), "v", n(2))),
                            TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", s("a")))
                                    .conditionExpression("v = :two").expressionAttributeValues(item(":two", n(2)))
                                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("c")))
                                    .updateExpression("SET v = :one").expressionAttributeValues(item(":one", n(1)))).build()));
                    return "committed";
                } catch (TransactionCanceledException e) {
                    return e.cancellationReasons().stream()
                            .map(reason -> reason.code() + (reason.hasItem() ? reason.item().get("v").n() : "")).toList();
                }
            });
            t.step("nothing written", () -> t.client.scan(r -> r.tableName(table)).count());
            t.step("committed", () -> t.client.transactWriteItems(r -> r.transactItems(
                    put(table, item("pk", s("b"), "v", n(2))),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("a")))
                            .updateExpression("SET v = v + :one").conditionExpression("v = :one")
                            .expressionAttributeValues(item(":one", n(1)))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("pk", s("zz")))).build()))
                    .sdkHttpResponse().isSuccessful());
            t.step("read together", () -> t.client.transactGetItems(r -> r.transactItems(
                    TransactGetItem.builder().get(g -> g.tableName(table).key(item("pk", s("a")))).build(),
                    TransactGetItem.builder().get(g -> g.tableName(table).key(item("pk", s("b")))
                            .projectionExpression("v")).build(),
                    TransactGetItem.builder().get(g -> g.tableName(table).key(item("pk", s("nope")))).build()))
                    .responses().stream().map(r -> r.hasItem() ? r.item() : Map.of()).toList());
            t.step("same item twice", () -> t.client.transactWriteItems(r -> r.transactItems(
                    put(table, item("pk", s("a"))), put(table, item("pk", s("a"), "x", n(1))))));
            t.step("condition check without condition", () -> t.client.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", s("a")))).build())));
            t.step("invalid update inside", () -> {
                try {
                    t.client.transactWriteItems(r -> r.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("a")))
                                    .updateExpression("SET v = v + :s").expressionAttributeValues(item(":s", s("x")))).build()));
                    return "committed";
                } catch (TransactionCanceledException e) {
                    return e.cancellationReasons().stream().map(CancellationReason::code).toList();
                }
            });
        });
        assertThat(steps.get("cancelled")).isEqualTo(List.of("None", "ConditionalCheckFailed1", "None"));
        assertThat(steps.get("nothing written")).isEqualTo(1);
        assertThat(steps.get("committed")).isEqualTo(true);
        assertThat(steps.get("read together")).isEqualTo(List.of(item("pk", s("a"), "v", n(2)), item("v", n(2)), Map.of()));
        assertThat(steps.get("same item twice")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("condition check without condition")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("invalid update inside")).isEqualTo(List.of("ValidationError"));
    }

    @Test
    void aRetriedClientRequestTokenAppliesTheTransactionOnce() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("idem"), "pk", "S", null, null);
            String token = "token-" + System.nanoTime();
            TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(item("pk", s("c"))).updateExpression("ADD n :one")
                    .expressionAttributeValues(item(":one", n(1)))).build();
            t.step("first", () -> t.client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment))
                    .sdkHttpResponse().isSuccessful());
            t.step("retry", () -> t.client.transactWriteItems(r -> r.clientRequestToken(token).transactItems(increment))
                    .sdkHttpResponse().isSuccessful());
            t.step("same token, other request", () -> t.client.transactWriteItems(r -> r.clientRequestToken(token)
                    .transactItems(put(table, item("pk", s("other"))))));
            t.step("counter", () -> t.client.getItem(r -> r.tableName(table).key(item("pk", s("c")))).item().get("n"));
        });
        assertThat(steps.get("retry")).isEqualTo(true);
        assertThat(steps.get("same token, other request")).isEqualTo("!IdempotentParameterMismatchException");
        assertThat(steps.get("counter")).isEqualTo(n(1));
    }

    @Test
    void aTransactionTakesAtMost100ActionsAndARefusedOneWritesNothing() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("tx100"), "pk", "S", null, null);
            t.step("100 actions", () -> t.client.transactWriteItems(r -> r.transactItems(puts(table, "a", 100)))
                    .sdkHttpResponse().isSuccessful());
            t.step("101 actions", () -> t.client.transactWriteItems(r -> r.transactItems(puts(table, "b", 101))));
            t.step("items", () -> t.client.scan(r -> r.tableName(table)).count());
        });
        assertThat(steps.get("100 actions")).isEqualTo(true);
        assertThat(steps.get("101 actions")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("101 actions")).isEqualTo("1 validation error detected: Value at 'TransactItems' failed"
                + " to satisfy constraint: Member must have length less than or equal to 100");
        assertThat(steps.get("items")).isEqualTo(100);
    }

    private static List<TransactWriteItem> puts(String table, String prefix, int count) {
        List<TransactWriteItem> puts = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            puts.add(put(table, item("pk", s(prefix + i))));
        }
        return puts;
    }

    /**
     * "The aggregate size of the items in the transaction cannot exceed 4 MB" (4,194,304 bytes): ten items at the
     * 400 KB item limit and one of 98,304 bytes. An item {@code pk} (a 3-byte key) and {@code pad} sizes 8 + pad bytes.
     */
    @Test
    void aTransactionCarriesAtMost4MegabytesOfItemsAndARefusedOneWritesNothing() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("tx4mb"), "pk", "S", null, null);
            t.step("exactly 4 MB", () -> t.client.transactWriteItems(r -> r.transactItems(fourMegabytes(table, "a", 0)))
                    .sdkHttpResponse().isSuccessful());
            t.step("one byte more", () -> t.client.transactWriteItems(r -> r.transactItems(fourMegabytes(table, "b", 1))));
            t.step("written", () -> found(t.client, table, "a"));
            t.step("refused wrote nothing", () -> found(t.client, table, "b"));
        });
        assertThat(steps.get("exactly 4 MB")).isEqualTo(true);
        assertThat(steps.get("one byte more")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.message("one byte more")).isEqualTo("Transaction payload size cannot exceed 4MB. Payload Size: :"
                + " Transaction payload size cannot exceed 4MB. Payload Size: 4194305");
        assertThat(steps.get("written")).isEqualTo(11);
        assertThat(steps.get("refused wrote nothing")).isEqualTo(0);
    }

    /** How many of the eleven keys {@code prefix00…prefix10} exist (keys only: a scan page stops at 1 MB). */
    private static int found(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, String table, String prefix) {
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            keys.add(item("pk", s(prefix + "%02d".formatted(i))));
        }
        return client.batchGetItem(b -> b.requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model
                .KeysAndAttributes.builder().keys(keys).projectionExpression("pk").build()))).responses().get(table).size();
    }

    private static List<TransactWriteItem> fourMegabytes(String table, String prefix, int extraBytes) {
        List<TransactWriteItem> puts = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            int itemBytes = i < 10 ? 400 * 1024 : 4 * 1024 * 1024 - 10 * 400 * 1024 + extraBytes;
            puts.add(put(table, item("pk", s(prefix + "%02d".formatted(i)), "pad", s("x".repeat(itemBytes - 8)))));
        }
        return puts;
    }
}
