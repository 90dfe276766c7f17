package io.cascadelab.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static io.cascadelab.dynamo.Conformance.both;
import static io.cascadelab.dynamo.Conformance.VALIDATION_ERROR;
import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Single-item operations, values and expressions: Cascade and dynalite must agree, step by step. */
class ItemConformanceTest {

    private static Object item(GetItemResponse r) {
        return r.hasItem() ? r.item() : "absent";
    }

    @Test
    void everyAttributeTypeRoundTripsThroughPutAndGet() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("types"), "pk", "S", null, null);
            Map<String, AttributeValue> value = Sdk.item("pk", s("a"), "s", s("héllo ☃"), "n", n("-12.5"),
                    "b", b((byte) 0, (byte) 255), "t", bool(true), "z", nul(),
                    "m", m("x", n(1), "y", l(s("q"), n(2))), "l", l(bool(false), nul(), m()),
                    "ss", ss("a", "b"), "ns", ns("1", "2.5"), "bs", bs(new byte[] {1}, new byte[] {2}),
                    "empty", s(""));
            t.step("put", () -> t.client.putItem(r -> r.tableName(table).item(value)).hasAttributes());
            t.step("get", () -> item(t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("a"))))));
            t.step("missing", () -> item(t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("nope"))))));
        });
        @SuppressWarnings("unchecked")
        Map<String, AttributeValue> got = (Map<String, AttributeValue>) steps.get("get");
        assertThat(got).containsEntry("n", n("-12.5")).containsEntry("z", nul());
        assertThat(steps.get("missing")).isEqualTo("absent");
    }

    @Test
    void numbersAreNormalisedComparedNumericallyAndLimitedTo38Digits() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("numbers"), "pk", "N", null, null);
            t.step("put 0001.500", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n("0001.500"),
                    "v", n("1.0E2"), "neg", n("-0.000")))).sdkHttpResponse().isSuccessful());
            t.step("get by 1.5", () -> item(t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", n("1.5"))))));
            t.step("38 digits", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n(2),
                    "v", n("12345678901234567890123456789012345678")))).sdkHttpResponse().isSuccessful());
            t.step("39 digits", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n(3),
                    "v", n("123456789012345678901234567890123456789")))));
            t.step("overflow", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n(4), "v", n("1E+126")))));
            t.step("underflow", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n(4), "v", n("1E-131")))));
            t.step("not a number", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n(4), "v", n("abc")))));
            t.step("numeric compare", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", n("1.5")))
                    .conditionExpression("v > :small").expressionAttributeValues(Sdk.item(":small", n("99.99"))))
                    .sdkHttpResponse().isSuccessful());
        });
        assertThat(steps.get("get by 1.5")).isEqualTo(Sdk.item("pk", n("1.5"), "v", n("100"), "neg", n("0")));
        assertThat(steps.get("39 digits")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("overflow")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("numeric compare")).isEqualTo(true);
    }

    @Test
    void malformedValuesAndKeysAreRejectedAndNothingIsWritten() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("bad"), "pk", "S", "sk", "N");
            t.step("empty set", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "sk", n(1),
                    "ss", AttributeValue.builder().ss(List.of()).build()))));
            t.step("duplicate set", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "sk", n(1),
                    "ss", ss("x", "x")))));
            t.step("missing range key", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a")))));
            t.step("wrong key type", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "sk", s("1")))));
            t.step("empty string key", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s(""), "sk", n(1)))));
            t.step("get with extra key attribute", () -> t.client.getItem(r -> r.tableName(table)
                    .key(Sdk.item("pk", s("a"), "sk", n(1), "x", s("y")))));
            t.step("get with partial key", () -> t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))));
            t.step("no such table", () -> t.client.getItem(r -> r.tableName("no-such-table").key(Sdk.item("pk", s("a")))));
            t.step("too big", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "sk", n(1),
                    "big", s("x".repeat(400 * 1024))))));
            t.step("hash key too long", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk",
                    s("k".repeat(2049)), "sk", n(1)))));
            t.step("nothing written", () -> t.client.scan(r -> r.tableName(table)).count());
        });
        assertThat(steps.get("empty set")).isEqualTo(VALIDATION_ERROR);
        assertThat(steps.get("no such table")).isEqualTo("!ResourceNotFoundException");
        assertThat(steps.get("nothing written")).isEqualTo(0);
    }

    @Test
    void conditionExpressionsDecideWhetherAWriteHappens() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("cond"), "pk", "S", null, null);
            Map<String, AttributeValue> first = Sdk.item("pk", s("a"), "v", n(1), "tags", ss("x", "y"), "name", s("alpha"),
                    "doc", m("list", l(n(1), n(2))));
            t.step("create if absent", () -> t.client.putItem(r -> r.tableName(table).item(first)
                    .conditionExpression("attribute_not_exists(pk)")).sdkHttpResponse().isSuccessful());
            t.step("create again", () -> t.client.putItem(r -> r.tableName(table).item(first)
                    .conditionExpression("attribute_not_exists(pk)")));
            String[][] conditions = {
                    {"v = :one", "true"}, {"v <> :one", "false"}, {"v < :two", "true"}, {"v BETWEEN :one AND :two", "true"},
                    {"v IN (:two, :one)", "true"}, {"NOT v = :one", "false"}, {"v = :two OR v = :one", "true"},
                    {"begins_with(#n, :al)", "true"}, {"contains(tags, :x)", "true"}, {"contains(#n, :al)", "true"},
                    {"size(tags) = :two", "true"}, {"size(doc.#l) = :two", "true"}, {"doc.#l[1] = :two", "true"},
                    {"attribute_type(v, :N)", "true"}, {"attribute_exists(doc.#l[5])", "false"},
                    {"absent <> :one", "true"}, {"absent = :one", "false"}, {"v = :al", "false"},
                    {"(v = :one AND size(#n) > :one) AND NOT attribute_exists(nope)", "true"}};
            for (String[] c : conditions) {
                t.step(c[0], () -> {
                    Map<String, String> names = new java.util.LinkedHashMap<>();
                    if (c[0].contains("#n")) {
                        names.put("#n", "name");
                    }
                    if (c[0].contains("#l")) {
                        names.put("#l", "list");
                    }
                    Map<String, AttributeValue> values = new java.util.LinkedHashMap<>();
                    for (var e : Sdk.item(":one", n(1), ":two", n(2), ":al", s("al"), ":x", s("x"), ":N", s("N")).entrySet()) {
                        if (c[0].contains(e.getKey())) {
                            values.put(e.getKey(), e.getValue());
                        }
                    }
                    try {
                        t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                                .updateExpression("SET touched = :t").conditionExpression(c[0])
                                .expressionAttributeNames(names.isEmpty() ? null : names)
                                .expressionAttributeValues(merge(values, Sdk.item(":t", bool(true)))));
                        return "passed";
                    } catch (ConditionalCheckFailedException e) {
                        return "failed";
                    }
                });
            }
            t.documented("return old on failure", () -> {
                try {
                    t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a")))
                            .conditionExpression("attribute_not_exists(pk)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                    return "written";
                } catch (ConditionalCheckFailedException e) {
                    return e.hasItem() ? e.item().get("name") : "no item";
                }
            });
        });
        assertThat(steps.get("create again")).isEqualTo("!ConditionalCheckFailedException");
        assertThat(steps.get("v BETWEEN :one AND :two")).isEqualTo("passed");
        assertThat(steps.get("absent <> :one")).isEqualTo("passed");
        assertThat(steps.get("v = :al")).isEqualTo("failed");
        assertThat(steps.get("return old on failure")).isEqualTo(s("alpha"));
    }

    private static Map<String, AttributeValue> merge(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        Map<String, AttributeValue> out = new java.util.LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }

    @Test
    void updateExpressionsSetRemoveAddAndDeleteWithReturnValues() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("upd"), "pk", "S", null, null);
            t.step("put", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "n", n(10),
                    "list", l(s("a"), s("b"), s("c")), "set", ss("x", "y", "z"), "doc", m("mid", m("deep", n(1))),
                    "gone", s("bye")))).sdkHttpResponse().isSuccessful());
            t.step("arithmetic and functions", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET n = n + :five, fresh = if_not_exists(fresh, :zero), #l = list_append(#l, :more),"
                            + " doc.mid.deep = doc.mid.deep - :five, dup = n REMOVE gone ADD tally :five, nums :ns"
                            + " DELETE #s :xy")
                    .expressionAttributeNames(names("#l", "list", "#s", "set"))
                    .expressionAttributeValues(Sdk.item(":five", n(5), ":zero", n(0), ":more", l(s("d")),
                            ":ns", ns("1", "2"), ":xy", ss("x", "y")))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            t.documented("updated old", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET n = :one REMOVE #l[0], #l[2]").expressionAttributeNames(names("#l", "list"))
                    .expressionAttributeValues(Sdk.item(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_OLD)).attributes());
            t.step("updated new", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("ADD tally :one").expressionAttributeValues(Sdk.item(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes());
            t.step("delete last set element removes the attribute", () -> t.client.updateItem(r -> r.tableName(table)
                    .key(Sdk.item("pk", s("a"))).updateExpression("DELETE #s :z").expressionAttributeNames(names("#s", "set"))
                    .expressionAttributeValues(Sdk.item(":z", ss("z"))).returnValues(ReturnValue.ALL_NEW)).attributes()
                    .containsKey("set"));
            t.step("upsert creates the item", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("new")))
                    .updateExpression("SET v = :one").expressionAttributeValues(Sdk.item(":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            t.step("key attribute", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET pk = :one").expressionAttributeValues(Sdk.item(":one", s("b")))));
            t.step("overlapping paths", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET doc = :one, doc.mid = :one").expressionAttributeValues(Sdk.item(":one", n(1)))));
            t.step("unused value", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET v = :one").expressionAttributeValues(Sdk.item(":one", n(1), ":two", n(2)))));
            t.step("undefined value", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET v = :nope")));
            t.step("reserved word", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET name = :one").expressionAttributeValues(Sdk.item(":one", n(1)))));
            t.step("wrong operand type", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET n = n + :s").expressionAttributeValues(Sdk.item(":s", s("x")))));
            t.step("missing operand attribute", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET v = nothing + :one").expressionAttributeValues(Sdk.item(":one", n(1)))));
            t.step("nested path under missing parent", () -> t.client.updateItem(r -> r.tableName(table)
                    .key(Sdk.item("pk", s("a"))).updateExpression("SET nothing.child = :one")
                    .expressionAttributeValues(Sdk.item(":one", n(1)))));
            t.step("syntax error", () -> t.client.updateItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .updateExpression("SET = :one").expressionAttributeValues(Sdk.item(":one", n(1)))));
            t.documented("final", () -> item(t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("a"))))));
        });
        @SuppressWarnings("unchecked")
        Map<String, AttributeValue> afterFirst = (Map<String, AttributeValue>) steps.get("arithmetic and functions");
        assertThat(afterFirst).containsEntry("n", n(15)).containsEntry("fresh", n(0)).containsEntry("dup", n(10))
                .containsEntry("tally", n(5)).containsEntry("set", ss("z")).doesNotContainKey("gone");
        assertThat(afterFirst.get("list")).isEqualTo(l(s("a"), s("b"), s("c"), s("d")));
        assertThat(steps.get("updated old")).isEqualTo(Sdk.item("n", n(15), "list", l(s("a"), s("c"))));
        assertThat(steps.get("updated new")).isEqualTo(Sdk.item("tally", n(6)));
        assertThat(steps.get("delete last set element removes the attribute")).isEqualTo(false);
        assertThat(steps.get("key attribute")).isEqualTo(VALIDATION_ERROR);
        @SuppressWarnings("unchecked")
        Map<String, AttributeValue> last = (Map<String, AttributeValue>) steps.get("final");
        assertThat(last.get("list")).isEqualTo(l(s("b"), s("d")));
    }

    @Test
    void deleteItemHonoursItsConditionAndReturnsTheOldItem() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("del"), "pk", "S", null, null);
            t.step("put", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "v", n(1))))
                    .sdkHttpResponse().isSuccessful());
            t.step("refused", () -> t.client.deleteItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .conditionExpression("v = :two").expressionAttributeValues(Sdk.item(":two", n(2)))));
            t.step("deleted", () -> t.client.deleteItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .conditionExpression("v = :one").expressionAttributeValues(Sdk.item(":one", n(1)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes());
            t.step("absent is fine", () -> t.client.deleteItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .returnValues(ReturnValue.ALL_OLD)).hasAttributes());
            t.documented("bad return values", () -> t.client.deleteItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .returnValues(ReturnValue.ALL_NEW)));
            t.step("put returns old", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a")))
                    .returnValues(ReturnValue.ALL_OLD)).hasAttributes());
        });
        assertThat(steps.get("refused")).isEqualTo("!ConditionalCheckFailedException");
        assertThat(steps.get("deleted")).isEqualTo(Sdk.item("pk", s("a"), "v", n(1)));
        assertThat(steps.get("absent is fine")).isEqualTo(false);
        assertThat(steps.get("bad return values")).isEqualTo(VALIDATION_ERROR);
    }

    @Test
    void projectionsPickNestedPathsAndListElements() {
        var steps = both(t -> {
            String table = createTable(t.client, uniqueTable("proj"), "pk", "S", null, null);
            t.step("put", () -> t.client.putItem(r -> r.tableName(table).item(Sdk.item("pk", s("a"), "a", n(1), "b", n(2),
                    "doc", m("x", n(1), "y", m("z", s("deep"))), "list", l(s("l0"), s("l1"), s("l2"))))).hasAttributes());
            t.step("projection", () -> item(t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .projectionExpression("a, doc.y.z, #l[2], #l[0], nope").expressionAttributeNames(names("#l", "list")))));
            t.step("overlap", () -> t.client.getItem(r -> r.tableName(table).key(Sdk.item("pk", s("a")))
                    .projectionExpression("doc, doc.x")));
        });
        assertThat(steps.get("projection")).isEqualTo(Sdk.item("a", n(1), "doc", m("y", m("z", s("deep"))),
                "list", l(s("l0"), s("l2"))));
        assertThat(steps.get("overlap")).isEqualTo(VALIDATION_ERROR);
    }

    static List<Map<String, AttributeValue>> sortedByKey(List<Map<String, AttributeValue>> items, String... keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(items);
        out.sort((x, y) -> {
            for (String k : keys) {
                int c = x.get(k).toString().compareTo(y.get(k).toString());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return out;
    }
}
