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
}
