package io.cascadelab.dynamo.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cascadelab.dynamo.item.Bin;
import io.cascadelab.dynamo.item.KeyCodec;
import io.cascadelab.dynamo.item.Value;
import io.cascadelab.dynamo.store.ItemStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A table's definition as stored: its key schema, billing mode and creation time. */
record TableDef(String name, String id, String hashName, String hashType, String rangeName, String rangeType,
                double createdAt, String billingMode, long readCapacity, long writeCapacity) {

    static final String ARN_PREFIX = "arn:aws:dynamodb:us-east-1:000000000000:table/";

    boolean hasRange() {
        return rangeName != null;
    }

    boolean isKey(String attribute) {
        return attribute.equals(hashName) || attribute.equals(rangeName);
    }

    java.util.Set<String> keyNames() {
        return hasRange() ? java.util.Set.of(hashName, rangeName) : java.util.Set.of(hashName);
    }

    /**
     * Validates a key (exactly the key attributes, right types, DynamoDB's size limits) and encodes it.
     * {@code fromItem}: the attributes come from a whole item, so extra attributes are fine and messages differ.
     */
    ItemStore.Key key(Map<String, Value> attributes, boolean fromItem) {
        if (!fromItem && attributes.size() != (hasRange() ? 2 : 1)) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        byte[] hk = keyPart(attributes, hashName, hashType, fromItem, 2048, "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        byte[] rk = hasRange()
                ? keyPart(attributes, rangeName, rangeType, fromItem, 1024, "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
                : new byte[0];
        return ItemStore.Key.of(hk, rk);
    }

    private static byte[] keyPart(Map<String, Value> attributes, String name, String type, boolean fromItem,
                                  int maxBytes, String tooLong) {
        Value v = attributes.get(name);
        if (v == null) {
            throw fromItem ? DynamoException.invalidParameter("Missing the key " + name + " in the item")
                    : DynamoException.validation("The provided key element does not match the schema");
        }
        if (!v.type().equals(type)) {
            throw fromItem ? DynamoException.invalidParameter("Type mismatch for key " + name + " expected: " + type
                    + " actual: " + v.type())
                    : DynamoException.validation("The provided key element does not match the schema");
        }
        if ((v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0)) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + name);
        }
        byte[] bytes = KeyCodec.encode(v);
        if ((v instanceof Value.S || v instanceof Value.B) && bytes.length > maxBytes) {
            throw DynamoException.invalidParameter(tooLong);
        }
        return bytes;
    }

    Map<String, Value> keyAttributes(ItemStore.Key key) {
        Map<String, Value> out = new LinkedHashMap<>();
        out.put(hashName, KeyCodec.decode(hashType, key.hk().bytes()));
        if (hasRange()) {
            out.put(rangeName, KeyCodec.decode(rangeType, key.rk().bytes()));
        }
        return out;
    }

    /** Scan segments partition a 31-bit hash of the hash key; items with one hash key share a bucket. */
    static int bucket(Bin hk) {
        int h = java.util.Arrays.hashCode(hk.bytes());
        h ^= (h >>> 16);
        h *= 0x85ebca6b;
        h ^= (h >>> 13);
        return h & 0x7fffffff;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", name).put("id", id).put("hashName", hashName).put("hashType", hashType)
                .put("rangeName", rangeName).put("rangeType", rangeType).put("createdAt", createdAt)
                .put("billingMode", billingMode).put("readCapacity", readCapacity).put("writeCapacity", writeCapacity);
        return n;
    }

    static TableDef fromJson(JsonNode n) {
        return new TableDef(n.get("name").stringValue(), n.get("id").stringValue(), n.get("hashName").stringValue(),
                n.get("hashType").stringValue(), n.path("rangeName").isString() ? n.get("rangeName").stringValue() : null,
                n.path("rangeType").isString() ? n.get("rangeType").stringValue() : null, n.get("createdAt").doubleValue(),
                n.get("billingMode").stringValue(), n.get("readCapacity").longValue(), n.get("writeCapacity").longValue());
    }

    /** DynamoDB's TableDescription for this table. */
    ObjectNode describe(String status, long itemCount, long sizeBytes) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        ArrayNode defs = d.putArray("AttributeDefinitions");
        defs.addObject().put("AttributeName", hashName).put("AttributeType", hashType);
        if (hasRange()) {
            defs.addObject().put("AttributeName", rangeName).put("AttributeType", rangeType);
        }
        d.put("TableName", name);
        ArrayNode schema = d.putArray("KeySchema");
        schema.addObject().put("AttributeName", hashName).put("KeyType", "HASH");
        if (hasRange()) {
            schema.addObject().put("AttributeName", rangeName).put("KeyType", "RANGE");
        }
        d.put("TableStatus", status);
        d.put("CreationDateTime", BigDecimal.valueOf(createdAt));
        d.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", readCapacity).put("WriteCapacityUnits", writeCapacity);
        d.put("TableSizeBytes", sizeBytes);
        d.put("ItemCount", itemCount);
        d.put("TableArn", ARN_PREFIX + name);
        d.put("TableId", id);
        if ("PAY_PER_REQUEST".equals(billingMode)) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", BigDecimal.valueOf(createdAt));
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }
}
