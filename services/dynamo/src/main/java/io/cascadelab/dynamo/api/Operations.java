package io.cascadelab.dynamo.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.cascadelab.dynamo.store.ItemStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The operations this node serves, by their X-Amz-Target name. */
public final class Operations {

    private final Map<String, Function<JsonNode, ObjectNode>> byName;

    public Operations(ItemStore store, ObjectMapper wireJson, Clock clock, Duration tableCacheTtl) {
        Tables tables = new Tables(store, wireJson, clock, tableCacheTtl);
        ItemOperations items = new ItemOperations(tables, store, wireJson);
        ReadOperations reads = new ReadOperations(tables, store, wireJson);
        this.byName = Map.ofEntries(
                Map.entry("CreateTable", tables::create),
                Map.entry("DescribeTable", tables::describe),
                Map.entry("ListTables", tables::list),
                Map.entry("DeleteTable", tables::delete),
                Map.entry("PutItem", items::putItem),
                Map.entry("GetItem", items::getItem),
                Map.entry("UpdateItem", items::updateItem),
                Map.entry("DeleteItem", items::deleteItem),
                Map.entry("BatchGetItem", items::batchGetItem),
                Map.entry("BatchWriteItem", items::batchWriteItem),
                Map.entry("TransactWriteItems", items::transactWriteItems),
                Map.entry("TransactGetItems", items::transactGetItems),
                Map.entry("Query", reads::query),
                Map.entry("Scan", reads::scan));
    }

    Map<String, Function<JsonNode, ObjectNode>> byName() {
        return byName;
    }
}
