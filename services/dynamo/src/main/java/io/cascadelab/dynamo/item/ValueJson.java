package io.cascadelab.dynamo.item;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cascadelab.dynamo.api.DynamoException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** DynamoDB's JSON form of attribute values ({@code {"S":"x"}}, {@code {"N":"1"}}, ...), both ways, validated. */
public final class ValueJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

    private ValueJson() {
    }

    public static Map<String, Value> item(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw serialization("Start of structure or map found where not expected");
        }
        Map<String, Value> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            item.put(e.getKey(), value(e.getValue()));
        }
        return item;
    }

    public static Value value(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw serialization("Unexpected value type in payload");
        }
        String type = null;
        int count = 0;
        for (String name : node.propertyNames()) {
            if (TYPES.contains(name) && !node.get(name).isNull()) {
                type = name;
                count++;
            }
        }
        if (count == 0) {
            throw DynamoException.invalidParameter(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (count > 1) {
            throw DynamoException.invalidParameter(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        JsonNode v = node.get(type);
        return switch (type) {
            case "S" -> new Value.S(string(v));
            case "N" -> new Value.N(Numbers.parse(string(v)));
            case "B" -> new Value.B(binary(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw serialization("Unexpected value type in payload");
                }
                yield new Value.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean()) {
                    throw serialization("Unexpected value type in payload");
                }
                if (!v.booleanValue()) {
                    throw DynamoException.invalidParameter("Null attribute value types must have the value of true");
                }
                yield new Value.Null();
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw serialization("Unexpected value type in payload");
                }
                yield new Value.M(item(v));
            }
            case "L" -> {
                List<Value> list = new ArrayList<>();
                for (JsonNode e : array(v)) {
                    list.add(value(e));
                }
                yield new Value.L(list);
            }
            case "SS" -> {
                List<String> list = new ArrayList<>();
                for (JsonNode e : nonEmptySet(v, "string")) {
                    list.add(string(e));
                }
                noDuplicates(list, list);
                yield new Value.SS(list);
            }
            case "NS" -> {
                List<BigDecimal> list = new ArrayList<>();
                List<String> raw = new ArrayList<>();
                for (JsonNode e : nonEmptySet(v, "number")) {
                    raw.add(string(e));
                    list.add(Numbers.parse(string(e)));
                }
                noDuplicates(list, raw);
                yield new Value.NS(list);
            }
            case "BS" -> {
                List<Bin> list = new ArrayList<>();
                for (JsonNode e : nonEmptySet(v, "binary")) {
                    list.add(binary(e));
                }
                noDuplicates(list, list);
                yield new Value.BS(list);
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private static ArrayNode array(JsonNode v) {
        if (!v.isArray()) {
            throw serialization("Unexpected value type in payload");
        }
        return (ArrayNode) v;
    }

    private static ArrayNode nonEmptySet(JsonNode v, String kind) {
        ArrayNode array = array(v);
        if (array.isEmpty()) {
            throw DynamoException.invalidParameter("An " + kind + " set  may not be empty");
        }
        return array;
    }

    private static void noDuplicates(List<?> values, List<?> raw) {
        if (new HashSet<>(values).size() != values.size()) {
            throw DynamoException.invalidParameter("Input collection " + raw + " contains duplicates.");
        }
    }

    private static String string(JsonNode v) {
        if (!v.isString()) {
            throw serialization("Unexpected value type in payload");
        }
        return v.stringValue();
    }

    private static Bin binary(JsonNode v) {
        try {
            return Bin.ofBase64(string(v));
        } catch (IllegalArgumentException e) {
            throw serialization("Base64 encoded length is expected a multiple of 4 bytes");
        }
    }

    public static DynamoException serialization(String message) {
        return new DynamoException(DynamoException.SERIALIZATION, message);
    }

    public static ObjectNode toJson(Map<String, Value> item) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Value> e : item.entrySet()) {
            node.set(e.getKey(), toJson(e.getValue()));
        }
        return node;
    }

    public static ObjectNode toJson(Value value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof Value.S s) {
            node.put("S", s.value());
        } else if (value instanceof Value.N n) {
            node.put("N", Numbers.format(n.value()));
        } else if (value instanceof Value.B b) {
            node.put("B", b.value().base64());
        } else if (value instanceof Value.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof Value.Null) {
            node.put("NULL", true);
        } else if (value instanceof Value.M m) {
            node.set("M", toJson(m.value()));
        } else if (value instanceof Value.L l) {
            ArrayNode array = node.putArray("L");
            l.value().forEach(e -> array.add(toJson(e)));
        } else if (value instanceof Value.SS s) {
            ArrayNode array = node.putArray("SS");
            s.value().forEach(array::add);
        } else if (value instanceof Value.NS s) {
            ArrayNode array = node.putArray("NS");
            s.value().forEach(n -> array.add(Numbers.format(n)));
        } else if (value instanceof Value.BS s) {
            ArrayNode array = node.putArray("BS");
            s.value().forEach(b -> array.add(b.base64()));
        }
        return node;
    }
}
