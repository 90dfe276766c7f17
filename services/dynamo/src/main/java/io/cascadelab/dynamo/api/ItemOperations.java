package io.cascadelab.dynamo.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cascadelab.dynamo.expression.Ast;
import io.cascadelab.dynamo.expression.Evaluator;
import io.cascadelab.dynamo.expression.ExpressionContext;
import io.cascadelab.dynamo.expression.Parser;
import io.cascadelab.dynamo.expression.Path;
import io.cascadelab.dynamo.item.Value;
import io.cascadelab.dynamo.item.ValueJson;
import io.cascadelab.dynamo.store.ItemStore;
import io.cascadelab.dynamo.store.ItemStore.LockedKey;
import io.cascadelab.dynamo.store.ItemStore.Mutation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** PutItem, GetItem, UpdateItem, DeleteItem, the batch operations and the transactions. */
final class ItemOperations {

    static final int MAX_ITEM_BYTES = 400 * 1024;
    static final long MAX_BATCH_GET_BYTES = 16L * 1024 * 1024;
    static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    /** DynamoDB honours a TransactWriteItems client request token for 10 minutes. */
    private static final long TOKEN_WINDOW_SECONDS = 600;
    private static final String IDEMPOTENT_MISMATCH = "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NONE_OR_ALL_OLD = Set.of("NONE", "ALL_OLD");

    private final Tables tables;
    private final ItemStore store;
    private final ObjectMapper json;

    ItemOperations(Tables tables, ItemStore store, ObjectMapper json) {
        this.tables = tables;
        this.store = store;
        this.json = json;
    }

    /** A fully validated single-item write, ready to run inside a locked read-modify-write. */
    private record Write(String kind, TableDef table, ItemStore.Key key, Map<String, Value> item,
                         Ast.Condition condition, List<Ast.UpdateAction> actions, String returnValues,
                         boolean returnOldOnConditionFailure) {

        LockedKey lockedKey() {
            return new LockedKey(table.id(), key);
        }
    }

    private record Outcome(Map<String, Value> old, Map<String, Value> updated) {
    }

    // ---- parsing of single-item writes (shared with transactions)

    private Write parsePut(JsonNode req, boolean inTransaction) {
        TableDef table = tables.require(Requests.tableName(req));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator");
        Map<String, Value> item = Requests.item(req, "Item", true);
        ItemStore.Key key = table.key(item, true);
        checkItemSize(item, "Item size has exceeded the maximum allowed size");
        ExpressionContext ctx = Requests.expressionContext(req, "ConditionExpression");
        Ast.Condition condition = condition(req, "ConditionExpression", ctx);
        ctx.requireAllUsed();
        String returnValues = inTransaction ? "NONE" : returnValues(req, NONE_OR_ALL_OLD, "PutItem");
        return new Write("Put", table, key, item, condition, null, returnValues, returnOldOnFailure(req));
    }

    private Write parseDelete(JsonNode req, boolean inTransaction) {
        TableDef table = tables.require(Requests.tableName(req));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator");
        ItemStore.Key key = table.key(Requests.item(req, "Key", true), false);
        ExpressionContext ctx = Requests.expressionContext(req, "ConditionExpression");
        Ast.Condition condition = condition(req, "ConditionExpression", ctx);
        ctx.requireAllUsed();
        String returnValues = inTransaction ? "NONE" : returnValues(req, NONE_OR_ALL_OLD, "DeleteItem");
        return new Write("Delete", table, key, null, condition, null, returnValues, returnOldOnFailure(req));
    }

    private Write parseUpdate(JsonNode req, boolean inTransaction) {
        TableDef table = tables.require(Requests.tableName(req));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator", "AttributeUpdates");
        Map<String, Value> keyAttributes = Requests.item(req, "Key", true);
        ItemStore.Key key = table.key(keyAttributes, false);
        ExpressionContext ctx = Requests.expressionContext(req, "ConditionExpression", "UpdateExpression");
        String updateExpression = Requests.string(req, "UpdateExpression");
        List<Ast.UpdateAction> actions = updateExpression == null ? List.of() : Parser.update(updateExpression, ctx);
        Ast.Condition condition = condition(req, "ConditionExpression", ctx);
        ctx.requireAllUsed();
        String returnValues = inTransaction ? "NONE" : returnValues(req,
                Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"), null);
        return new Write("Update", table, key, keyAttributes, condition, actions, returnValues, returnOldOnFailure(req));
    }

    private Write parseConditionCheck(JsonNode req) {
        TableDef table = tables.require(Requests.tableName(req));
        ItemStore.Key key = table.key(Requests.item(req, "Key", true), false);
        ExpressionContext ctx = Requests.expressionContext(req, "ConditionExpression");
        Requests.required(req, "ConditionExpression");
        Ast.Condition condition = condition(req, "ConditionExpression", ctx);
        ctx.requireAllUsed();
        return new Write("ConditionCheck", table, key, null, condition, null, "NONE", returnOldOnFailure(req));
    }

    private static Ast.Condition condition(JsonNode req, String member, ExpressionContext ctx) {
        String expression = Requests.string(req, member);
        return expression == null ? null : Parser.condition(member, expression, ctx);
    }

    private static String returnValues(JsonNode req, Set<String> allowed, String operation) {
        String value = Requests.oneOf(req, "ReturnValues", "NONE",
                Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (!allowed.contains(value)) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        return value;
    }

    private static boolean returnOldOnFailure(JsonNode req) {
        return "ALL_OLD".equals(Requests.oneOf(req, "ReturnValuesOnConditionCheckFailure", "NONE", NONE_OR_ALL_OLD));
    }

    private static void checkItemSize(Map<String, Value> item, String message) {
        if (Value.itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoException.validation(message);
        }
    }

    private static void checkCapacityOptions(JsonNode req) {
        Requests.oneOf(req, "ReturnItemCollectionMetrics", "NONE", Set.of("NONE", "SIZE"));
        String consumed = Requests.oneOf(req, "ReturnConsumedCapacity", "NONE", Set.of("NONE", "TOTAL", "INDEXES"));
        if (!consumed.equals("NONE")) {
            throw DynamoException.unsupported("ReturnConsumedCapacity " + consumed);
        }
    }

    // ---- applying a write to the current item (runs under the key's lock)

    /**
     * Computes the effect of one write on the current item; throws ConditionalCheckFailedException when the
     * condition does not hold. Returns the mutation (null for a condition check) and the old/new items.
     */
    private Outcome decide(Write w, Map<String, Value> old, List<Mutation> mutations) {
        if (w.condition() != null && !Evaluator.test(w.condition(), old)) {
            Map<String, Object> extra = w.returnOldOnConditionFailure() && old != null
                    ? Map.of("Item", ValueJson.toJson(old)) : Map.of();
            throw new DynamoException(DynamoException.CONDITIONAL_CHECK_FAILED, "The conditional request failed", extra);
        }
        int bucket = TableDef.bucket(w.key().hk());
        switch (w.kind()) {
            case "Put" -> {
                mutations.add(new Mutation(w.table().id(), w.key(), bucket, encode(w.item())));
                return new Outcome(old, w.item());
            }
            case "Delete" -> {
                if (old != null) {
                    mutations.add(new Mutation(w.table().id(), w.key(), bucket, null));
                }
                return new Outcome(old, null);
            }
            case "Update" -> {
                Map<String, Value> updated = new LinkedHashMap<>(w.item());
                updated.putAll(Evaluator.update(w.actions(), old, w.table().keyNames()));
                updated.putAll(w.item());
                checkItemSize(updated, "Item size to update has exceeded the maximum allowed size");
                mutations.add(new Mutation(w.table().id(), w.key(), bucket, encode(updated)));
                return new Outcome(old, updated);
            }
            default -> {
                return new Outcome(old, old);
            }
        }
    }

    private byte[] encode(Map<String, Value> item) {
        return json.writeValueAsBytes(ValueJson.toJson(item));
    }

    private Map<String, Value> decode(byte[] stored) {
        return stored == null ? null : ValueJson.item(json.readTree(stored));
    }

    private ObjectNode single(Write w) {
        boolean blind = w.condition() == null && "NONE".equals(w.returnValues())
                && (w.kind().equals("Put") || w.kind().equals("Delete"));
        if (blind) {
            // Nothing to check and nothing to return: the current item is not needed, so it is not read.
            byte[] item = w.kind().equals("Put") ? encode(w.item()) : null;
            store.writeBlind(new Mutation(w.table().id(), w.key(), TableDef.bucket(w.key().hk()), item));
            return NODES.objectNode();
        }
        Outcome outcome = store.writeOptimistic(w.lockedKey(), current -> {
            List<Mutation> mutations = new ArrayList<>(1);
            Outcome o = decide(w, decode(current), mutations);
            return new ItemStore.Decision<>(mutations, o);
        });
        ObjectNode out = NODES.objectNode();
        Map<String, Value> attributes = switch (w.returnValues()) {
            case "ALL_OLD" -> outcome.old();
            case "ALL_NEW" -> outcome.updated();
            case "UPDATED_OLD" -> outcome.old() == null ? null : Evaluator.project(outcome.old(), updatedPaths(w));
            case "UPDATED_NEW" -> Evaluator.project(outcome.updated(), updatedPaths(w));
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            out.set("Attributes", ValueJson.toJson(attributes));
        }
        return out;
    }

    private static List<Path> updatedPaths(Write w) {
        return w.actions().stream().map(Ast.UpdateAction::path).toList();
    }

    // ---- single-item operations

    ObjectNode putItem(JsonNode req) {
        checkCapacityOptions(req);
        return single(parsePut(req, false));
    }

    ObjectNode deleteItem(JsonNode req) {
        checkCapacityOptions(req);
        return single(parseDelete(req, false));
    }

    ObjectNode updateItem(JsonNode req) {
        checkCapacityOptions(req);
        return single(parseUpdate(req, false));
    }

    ObjectNode getItem(JsonNode req) {
        checkCapacityOptions(req);
        TableDef table = tables.require(Requests.tableName(req));
        Requests.rejectLegacy(req, "AttributesToGet");
        ItemStore.Key key = table.key(Requests.item(req, "Key", true), false);
        ExpressionContext ctx = Requests.expressionContext(req, "ProjectionExpression");
        String projection = Requests.string(req, "ProjectionExpression");
        List<Path> paths = projection == null ? null : Parser.projection(projection, ctx);
        ctx.requireAllUsed();
        Requests.bool(req, "ConsistentRead", false);
        Map<String, Value> item = decode(store.get(table.id(), key));
        ObjectNode out = NODES.objectNode();
        if (item != null) {
            out.set("Item", ValueJson.toJson(paths == null ? item : Evaluator.project(item, paths)));
        }
        return out;
    }

    // ---- batches

    ObjectNode batchGetItem(JsonNode req) {
        checkCapacityOptions(req);
        JsonNode requestItems = requestItems(req);
        record TableRead(TableDef table, List<Path> paths, List<ItemStore.Key> keys, JsonNode spec) {
        }
        List<TableRead> reads = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> e : requestItems.properties()) {
            Requests.checkTableName(e.getKey(), "requestItems.key");
            JsonNode spec = e.getValue();
            Requests.rejectLegacy(spec, "AttributesToGet");
            JsonNode keysNode = spec.get("Keys");
            // DynamoDB's current wording (member names capitalised, no echo of the value), as captured from AWS.
            String member = "1 validation error detected: Value at 'RequestItems." + e.getKey() + ".member.Keys'";
            if (keysNode == null || keysNode.isNull()) {
                throw DynamoException.validation("1 validation error detected: Value null at 'RequestItems." + e.getKey()
                        + ".member.Keys' failed to satisfy constraint: Member must not be null");
            }
            if (!keysNode.isArray() || keysNode.isEmpty()) {
                throw DynamoException.validation(member
                        + " failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            if (keysNode.size() > 100) {
                throw DynamoException.validation(member
                        + " failed to satisfy constraint: Member must have length less than or equal to 100");
            }
            total += keysNode.size();
            if (total > 100) {
                throw DynamoException.validation("Too many items requested for the BatchGetItem call");
            }
            TableDef table = tables.require(e.getKey());
            ExpressionContext ctx = Requests.expressionContext(spec, "ProjectionExpression");
            String projection = Requests.string(spec, "ProjectionExpression");
            List<Path> paths = projection == null ? null : Parser.projection(projection, ctx);
            ctx.requireAllUsed();
            List<ItemStore.Key> keys = new ArrayList<>();
            Set<ItemStore.Key> seen = new HashSet<>();
            for (JsonNode k : keysNode) {
                ItemStore.Key key = table.key(ValueJson.item(k), false);
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            reads.add(new TableRead(table, paths, keys, spec));
        }
        List<LockedKey> all = new ArrayList<>();
        reads.forEach(r -> r.keys().forEach(k -> all.add(new LockedKey(r.table().id(), k))));
        Map<LockedKey, byte[]> found = store.getAll(all, false);
        ObjectNode out = NODES.objectNode();
        ObjectNode responses = out.putObject("Responses");
        ObjectNode unprocessed = out.putObject("UnprocessedKeys");
        long bytes = 0;
        for (TableRead r : reads) {
            ArrayNode items = responses.putArray(r.table().name());
            for (ItemStore.Key key : r.keys()) {
                byte[] stored = found.get(new LockedKey(r.table().id(), key));
                if (stored == null) {
                    continue;
                }
                Map<String, Value> item = decode(stored);
                // DynamoDB returns at most 16 MB of items per call (measured as DynamoDB sizes items, not as Cascade
                // stores them); the rest goes back as UnprocessedKeys.
                int size = Value.itemSize(item);
                if (bytes + size > MAX_BATCH_GET_BYTES) {
                    ObjectNode spec = (ObjectNode) unprocessed.get(r.table().name());
                    if (spec == null) {
                        spec = (ObjectNode) r.spec().deepCopy();
                        spec.putArray("Keys");
                        unprocessed.set(r.table().name(), spec);
                    }
                    ((ArrayNode) spec.get("Keys")).add(ValueJson.toJson(r.table().keyAttributes(key)));
                    continue;
                }
                bytes += size;
                items.add(ValueJson.toJson(r.paths() == null ? item : Evaluator.project(item, r.paths())));
            }
        }
        return out;
    }

    ObjectNode batchWriteItem(JsonNode req) {
        checkCapacityOptions(req);
        JsonNode requestItems = requestItems(req);
        List<Write> writes = new ArrayList<>();
        Set<LockedKey> seen = new HashSet<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> e : requestItems.properties()) {
            Requests.checkTableName(e.getKey(), "requestItems.key");
            JsonNode list = e.getValue();
            if (!list.isArray() || list.isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems." + e.getKey()
                        + ".member' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            total += list.size();
            if (total > 25) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy"
                        + " constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25,"
                        + " Member must have length greater than or equal to 1]");
            }
            TableDef table = tables.require(e.getKey());
            for (JsonNode request : list) {
                JsonNode put = request.get("PutRequest");
                JsonNode delete = request.get("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must"
                            + " contain exactly one of the supported datatypes");
                }
                Write w;
                if (put != null) {
                    Map<String, Value> item = Requests.item(put, "Item", true);
                    ItemStore.Key key = table.key(item, true);
                    checkItemSize(item, "Item size has exceeded the maximum allowed size");
                    w = new Write("Put", table, key, item, null, null, "NONE", false);
                } else {
                    ItemStore.Key key = table.key(Requests.item(delete, "Key", true), false);
                    w = new Write("Delete", table, key, null, null, null, "NONE", false);
                }
                if (!seen.add(w.lockedKey())) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(w);
            }
        }
        store.write(seen, current -> {
            List<Mutation> mutations = new ArrayList<>();
            for (Write w : writes) {
                decide(w, current.containsKey(w.lockedKey()) ? Map.of() : null, mutations);
            }
            return new ItemStore.Decision<>(mutations, null);
        });
        ObjectNode out = NODES.objectNode();
        out.putObject("UnprocessedItems");
        return out;
    }

    private static JsonNode requestItems(JsonNode req) {
        JsonNode requestItems = req.get("RequestItems");
        if (requestItems == null || requestItems.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (!requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        return requestItems;
    }

    // ---- transactions

    ObjectNode transactWriteItems(JsonNode req) {
        checkCapacityOptions(req);
        JsonNode items = transactItems(req);
        String token = Requests.string(req, "ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoException.validation("1 validation error detected: Value '" + token + "' at 'clientRequestToken'"
                    + " failed to satisfy constraint: Member must have length less than or equal to 36");
        }
        List<Write> writes = new ArrayList<>();
        Set<LockedKey> seen = new HashSet<>();
        long totalBytes = 0;
        for (JsonNode action : items) {
            List<String> kinds = new ArrayList<>();
            action.propertyNames().forEach(name -> {
                if (!action.get(name).isNull()) {
                    kinds.add(name);
                }
            });
            if (kinds.size() != 1) {
                throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            JsonNode spec = action.get(kinds.get(0));
            Write w = switch (kinds.get(0)) {
                case "Put" -> parsePut(spec, true);
                case "Delete" -> parseDelete(spec, true);
                case "Update" -> parseUpdate(spec, true);
                case "ConditionCheck" -> parseConditionCheck(spec);
                default -> throw DynamoException.validation(
                        "TransactItems can only contain one of Check, Put, Update or Delete");
            };
            if (!seen.add(w.lockedKey())) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            if (w.item() != null) {
                totalBytes += Value.itemSize(w.item());
            }
            writes.add(w);
        }
        if (totalBytes > MAX_TRANSACTION_BYTES) {
            // DynamoDB's wording as captured from AWS (eu-north-1), the repeated phrase included. AWS's own
            // "Payload Size" accounting is not documented; Cascade reports the aggregate size of the items.
            throw DynamoException.validation("Transaction payload size cannot exceed 4MB. Payload Size: : Transaction"
                    + " payload size cannot exceed 4MB. Payload Size: " + totalBytes);
        }
        java.util.function.Function<Map<LockedKey, byte[]>, ItemStore.Decision<Object>> decideAll = current -> {
            List<Mutation> mutations = new ArrayList<>();
            ArrayNode reasons = NODES.arrayNode();
            List<String> codes = new ArrayList<>();
            boolean failed = false;
            for (Write w : writes) {
                ObjectNode reason = reasons.addObject();
                try {
                    decide(w, decode(current.get(w.lockedKey())), mutations);
                    reason.put("Code", "None");
                    codes.add("None");
                } catch (DynamoException e) {
                    failed = true;
                    String code = e.type().equals(DynamoException.CONDITIONAL_CHECK_FAILED)
                            ? "ConditionalCheckFailed" : "ValidationError";
                    reason.put("Code", code).put("Message", e.getMessage());
                    if (e.extra().get("Item") instanceof JsonNode item) {
                        reason.set("Item", item);
                    }
                    codes.add(code);
                }
            }
            if (failed) {
                throw new DynamoException(DynamoException.TRANSACTION_CANCELED,
                        "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                + String.join(", ", codes).transform(s -> "[" + s + "]"),
                        Map.of("CancellationReasons", reasons));
            }
            return new ItemStore.Decision<>(mutations, null);
        };
        if (token == null) {
            store.write(seen, decideAll);
        } else {
            store.writeOnce(token, sha256(json.writeValueAsBytes(items)), TOKEN_WINDOW_SECONDS, seen, decideAll, state -> {
                if (state == ItemStore.TokenState.MISMATCH) {
                    throw new DynamoException(IDEMPOTENT_MISMATCH, "Request parameters do not match the original"
                            + " request made with the same client request token.");
                }
                return null;
            });
        }
        return NODES.objectNode();
    }

    ObjectNode transactGetItems(JsonNode req) {
        Requests.oneOf(req, "ReturnConsumedCapacity", "NONE", Set.of("NONE", "TOTAL", "INDEXES"));
        if (!"NONE".equals(Requests.oneOf(req, "ReturnConsumedCapacity", "NONE", Set.of("NONE", "TOTAL", "INDEXES")))) {
            throw DynamoException.unsupported("ReturnConsumedCapacity");
        }
        JsonNode items = transactItems(req);
        record Read(TableDef table, LockedKey key, List<Path> paths) {
        }
        List<Read> reads = new ArrayList<>();
        Set<LockedKey> seen = new HashSet<>();
        for (JsonNode action : items) {
            JsonNode get = action.get("Get");
            if (get == null || get.isNull()) {
                throw DynamoException.validation("1 validation error detected: Value null at 'transactItems.1.member.get'"
                        + " failed to satisfy constraint: Member must not be null");
            }
            TableDef table = tables.require(Requests.tableName(get));
            ItemStore.Key key = table.key(Requests.item(get, "Key", true), false);
            ExpressionContext ctx = Requests.expressionContext(get, "ProjectionExpression");
            String projection = Requests.string(get, "ProjectionExpression");
            List<Path> paths = projection == null ? null : Parser.projection(projection, ctx);
            ctx.requireAllUsed();
            LockedKey lockedKey = new LockedKey(table.id(), key);
            if (!seen.add(lockedKey)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            reads.add(new Read(table, lockedKey, paths));
        }
        Map<LockedKey, byte[]> found = store.getAll(seen, true);
        ObjectNode out = NODES.objectNode();
        ArrayNode responses = out.putArray("Responses");
        for (Read r : reads) {
            ObjectNode response = responses.addObject();
            Map<String, Value> item = decode(found.get(r.key()));
            if (item != null) {
                response.set("Item", ValueJson.toJson(r.paths() == null ? item : Evaluator.project(item, r.paths())));
            }
        }
        return out;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode transactItems(JsonNode req) {
        JsonNode items = req.get("TransactItems");
        if (items == null || items.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'transactItems' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        if (!items.isArray() || items.isEmpty() || items.size() > 100) {
            // DynamoDB's current wording: the member name capitalised and the list not echoed (older AWS regions
            // echoed the whole list into the message).
            throw DynamoException.validation("1 validation error detected: Value at 'TransactItems' failed to satisfy"
                    + " constraint: Member must have length " + (items.size() > 100 ? "less than or equal to 100"
                    : "greater than or equal to 1"));
        }
        return items;
    }
}
