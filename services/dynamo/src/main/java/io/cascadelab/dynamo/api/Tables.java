package io.cascadelab.dynamo.api;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.cascadelab.dynamo.store.ItemStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * CreateTable, DescribeTable, ListTables, DeleteTable, and a short-lived cache of definitions for item operations.
 * Items are stored under the table's id, not its name, so a node holding a stale definition of a deleted table
 * writes only into the dead id, never into a new table of the same name.
 */
final class Tables {

    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");

    private final ItemStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(TableDef def, long expiresAt) {
    }

    Tables(ItemStore store, ObjectMapper json, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.cacheNanos = cacheTtl.toNanos();
    }

    /** The table for an item operation, or ResourceNotFoundException. */
    TableDef require(String name) {
        long now = System.nanoTime();
        Cached cached = cache.get(name);
        if (cached != null && cached.expiresAt - now > 0) {
            return cached.def;
        }
        byte[] definition = store.tableDefinition(name);
        if (definition == null) {
            cache.remove(name);
            throw DynamoException.tableNotFound();
        }
        TableDef def = TableDef.fromJson(json.readTree(definition));
        cache.put(name, new Cached(def, now + cacheNanos));
        return def;
    }

    ObjectNode create(JsonNode req) {
        String name = Requests.tableName(req);
        Requests.rejectPresent(req, "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "Tags", "SSESpecification",
                "ResourcePolicy", "OnDemandThroughput", "WarmThroughput");
        if (req.path("StreamSpecification").path("StreamEnabled").asBoolean(false)) {
            throw DynamoException.unsupported("streams (StreamSpecification.StreamEnabled)");
        }
        if (req.path("DeletionProtectionEnabled").asBoolean(false)) {
            throw DynamoException.unsupported("DeletionProtectionEnabled");
        }
        String tableClass = Requests.oneOf(req, "TableClass", "STANDARD", Set.of("STANDARD", "STANDARD_INFREQUENT_ACCESS"));
        if (!tableClass.equals("STANDARD")) {
            throw DynamoException.unsupported("TableClass " + tableClass);
        }
        JsonNode definitions = req.get("AttributeDefinitions");
        if (definitions == null || definitions.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        JsonNode schema = req.get("KeySchema");
        if (schema == null || schema.isNull()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'keySchema' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (schema.size() < 1 || schema.size() > 2) {
            throw DynamoException.validation("1 validation error detected: Value '" + schema + "' at 'keySchema' failed to"
                    + " satisfy constraint: Member must have length " + (schema.size() < 1 ? "greater than or equal to 1"
                    : "less than or equal to 2"));
        }
        Map<String, String> types = new java.util.LinkedHashMap<>();
        int index = 1;
        for (JsonNode d : definitions) {
            String type = d.path("AttributeType").asString("");
            if (!KEY_TYPES.contains(type)) {
                throw DynamoException.validation("1 validation error detected: Value '" + type + "' at 'attributeDefinitions."
                        + index + ".member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            }
            types.put(d.path("AttributeName").asString(""), type);
            index++;
        }
        String hashName = schema.get(0).path("AttributeName").asString("");
        if (!"HASH".equals(schema.get(0).path("KeyType").asString(""))) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        String rangeName = null;
        if (schema.size() == 2) {
            rangeName = schema.get(1).path("AttributeName").asString("");
            if (!"RANGE".equals(schema.get(1).path("KeyType").asString(""))) {
                throw DynamoException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (rangeName.equals(hashName)) {
                throw DynamoException.validation(
                        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
        }
        List<String> keys = rangeName == null ? List.of(hashName) : List.of(hashName, rangeName);
        if (!types.keySet().containsAll(keys)) {
            throw DynamoException.invalidParameter("Some index key attributes are not defined in AttributeDefinitions."
                    + " Keys: " + keys + ", AttributeDefinitions: " + types.keySet());
        }
        if (types.size() != keys.size()) {
            throw DynamoException.invalidParameter("Number of attributes in KeySchema does not exactly match number of"
                    + " attributes defined in AttributeDefinitions");
        }
        String billing = Requests.oneOf(req, "BillingMode", "PROVISIONED", Set.of("PROVISIONED", "PAY_PER_REQUEST"));
        JsonNode throughput = req.get("ProvisionedThroughput");
        long rcu = 0;
        long wcu = 0;
        if (billing.equals("PROVISIONED")) {
            if (throughput == null || throughput.isNull() || !throughput.has("ReadCapacityUnits")
                    || !throughput.has("WriteCapacityUnits")) {
                throw DynamoException.invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified"
                        + " when BillingMode is PROVISIONED");
            }
            rcu = throughput.get("ReadCapacityUnits").asLong();
            wcu = throughput.get("WriteCapacityUnits").asLong();
            if (rcu < 1 || wcu < 1) {
                throw DynamoException.validation("1 validation error detected: Value '" + Math.min(rcu, wcu)
                        + "' at 'provisionedThroughput." + (rcu < 1 ? "readCapacityUnits" : "writeCapacityUnits")
                        + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        } else if (throughput != null && !throughput.isNull()) {
            throw DynamoException.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when"
                    + " BillingMode is PAY_PER_REQUEST");
        }
        double createdAt = clock.millis() / 1000.0;
        TableDef def = new TableDef(name, UUID.randomUUID().toString(), hashName, types.get(hashName), rangeName,
                rangeName == null ? null : types.get(rangeName), createdAt, billing, rcu, wcu);
        if (!store.insertTable(name, def.id(), json.writeValueAsBytes(def.toJson()))) {
            throw new DynamoException(DynamoException.RESOURCE_IN_USE, "Table already exists: " + name);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("TableDescription", def.describe("ACTIVE", 0, 0));
        return out;
    }

    ObjectNode describe(JsonNode req) {
        String name = Requests.tableName(req);
        byte[] definition = store.tableDefinition(name);
        if (definition == null) {
            throw notFound(name);
        }
        TableDef def = TableDef.fromJson(json.readTree(definition));
        long[] stats = store.tableStatistics(def.id());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Table", def.describe("ACTIVE", stats[0], stats[1]));
        return out;
    }

    ObjectNode delete(JsonNode req) {
        String name = Requests.tableName(req);
        byte[] definition = store.deleteTable(name);
        cache.remove(name);
        if (definition == null) {
            throw notFound(name);
        }
        TableDef def = TableDef.fromJson(json.readTree(definition));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("TableDescription", def.describe("DELETING", 0, 0));
        return out;
    }

    ObjectNode list(JsonNode req) {
        Integer limit = Requests.integer(req, "Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                    : "less than or equal to 100"));
        }
        String start = Requests.string(req, "ExclusiveStartTableName");
        if (start != null) {
            Requests.checkTableName(start, "exclusiveStartTableName");
        }
        int max = limit == null ? 100 : limit;
        List<String> names = store.tableNames();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var array = out.putArray("TableNames");
        String last = null;
        int remaining = 0;
        for (String name : names) {
            if (start != null && name.compareTo(start) <= 0) {
                continue;
            }
            if (array.size() < max) {
                array.add(name);
                last = name;
            } else {
                remaining++;
            }
        }
        if (remaining > 0) {
            out.put("LastEvaluatedTableName", last);
        }
        return out;
    }

    private static DynamoException notFound(String name) {
        return new DynamoException(DynamoException.RESOURCE_NOT_FOUND,
                "Requested resource not found: Table: " + name + " not found");
    }
}
