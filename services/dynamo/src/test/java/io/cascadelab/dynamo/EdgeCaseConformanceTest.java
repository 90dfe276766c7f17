package io.cascadelab.dynamo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import static io.cascadelab.dynamo.Conformance.both;
import static io.cascadelab.dynamo.Conformance.cascadeOnly;
import static io.cascadelab.dynamo.Conformance.VALIDATION_ERROR;
import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Smaller corners of the API, and the options Cascade refuses rather than ignores. */
class EdgeCaseConformanceTest {

    @Test
    void cornersOfConditionsQueriesAndScansAgreeWithDynalite() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("edge"), "pk", "S", null, null);
            t.step("update missing item with exists condition", () -> t.client.updateItem(r -> r.tableName(table)
                    .key(item("pk", s("ghost"))).updateExpression("SET v = :one").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(item(":one", n(1)))));
            t.step("ghost not created", () -> t.client.getItem(r -> r.tableName(table).key(item("pk", s("ghost")))).hasItem());
            t.step("unused name", () -> t.client.putItem(r -> r.tableName(table).item(item("pk", s("a")))
                    .conditionExpression("attribute_not_exists(pk)").expressionAttributeNames(names("#x", "x"))));
            t.step("names without expression", () -> t.client.putItem(r -> r.tableName(table).item(item("pk", s("a")))
                    .expressionAttributeNames(names("#x", "x"))));
            for (int i = 0; i < 5; i++) {
                int k = i;
                t.client.putItem(r -> r.tableName(table).item(item("pk", s("k" + k), "v", n(k), "doc", m("even", bool(k % 2 == 0)))));
            }
            t.step("hash-only query", () -> t.client.query(r -> r.tableName(table).keyConditionExpression("pk = :k")
                    .expressionAttributeValues(item(":k", s("k3")))).items());
            t.step("range condition on hash-only table", () -> t.client.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :k AND v > :z").expressionAttributeValues(item(":k", s("k3"), ":z", n(0)))));
            t.step("scan filter on nested attribute with projection", () -> ItemConformanceTest.sortedByKey(
                    t.client.scan(r -> r.tableName(table).filterExpression("doc.even = :t").projectionExpression("v")
                            .expressionAttributeValues(item(":t", bool(true)))).items(), "v"));
            t.step("empty expression", () -> t.client.scan(r -> r.tableName(table).filterExpression("")));
            t.step("limit zero", () -> t.client.scan(r -> r.tableName(table).limit(0)));
            t.step("IN with a path", () -> t.client.scan(r -> r.tableName(table).filterExpression("v IN (:a, :b)")
                    .expressionAttributeValues(item(":a", n(1), ":b", n(3)))).count());
            t.step("size of a number is nothing", () -> t.client.scan(r -> r.tableName(table)
                    .filterExpression("size(v) >= :z").expressionAttributeValues(item(":z", n(0)))).count());
        });
        assertThat(steps.get("update missing item with exists condition")).isEqualTo("!ConditionalCheckFailedException");
        assertThat(steps.get("ghost not created")).isEqualTo(false);
        assertThat(steps.get("unused name")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("scan filter on nested attribute with projection"))
                .isEqualTo(List.of(item("v", n(0)), item("v", n(2)), item("v", n(4))));
        assertThat(steps.get("IN with a path")).isEqualTo(2);
        assertThat(steps.get("size of a number is nothing")).isEqualTo(0);
    }

    @Test
    void unsupportedOptionsAreRefusedNotIgnored() {
        var steps = cascadeOnly(t -> {
            String table = createTable(t.client, uniqueTable("unsup"), "pk", "S", null, null);
            t.step("legacy Expected", () -> t.client.putItem(r -> r.tableName(table).item(item("pk", s("a")))
                    .expected(Map.of("pk", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.NULL).build()))));
            t.step("index", () -> t.client.query(r -> r.tableName(table).indexName("byV").keyConditionExpression("pk = :k")
                    .expressionAttributeValues(item(":k", s("a")))));
            t.step("consumed capacity", () -> t.client.getItem(r -> r.tableName(table).key(item("pk", s("a")))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
            t.step("global secondary index", () -> t.client.createTable(r -> r.tableName(uniqueTable("gsi"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                            a -> a.attributeName("v").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byV")
                            .keySchema(k -> k.attributeName("v").keyType("HASH"))
                            .projection(p -> p.projectionType("ALL")).build())));
            t.step("nothing written", () -> t.client.scan(r -> r.tableName(table)).count());
        });
        for (String refused : List.of("legacy Expected", "index", "consumed capacity", "global secondary index")) {
            assertThat(steps.get(refused)).as(refused).isEqualTo(VALIDATION_ERROR);
        }
        assertThat(steps.get("nothing written")).isEqualTo(0);
    }
}
