package io.cascadelab.dynamo.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.cascadelab.dynamo.expression.ExpressionContext;
import io.cascadelab.dynamo.item.Value;
import io.cascadelab.dynamo.item.ValueJson;
import tools.jackson.databind.JsonNode;

/** Reading and validating request members the way DynamoDB's front end does. */
final class Requests {

    private Requests() {
    }

    static String string(JsonNode req, String member) {
        JsonNode n = req.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw ValueJson.serialization("Unexpected value type in payload");
        }
        return n.stringValue();
    }

    static String required(JsonNode req, String member) {
        String s = string(req, member);
        if (s == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return s;
    }

    static String tableName(JsonNode req) {
        String name = required(req, "TableName");
        checkTableName(name, "tableName");
        return name;
    }

    static void checkTableName(String name, String member) {
        if (name.length() < 3 || name.length() > 255) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length " + (name.length() < 3
                    ? "greater than or equal to 3" : "less than or equal to 255"));
        }
        if (!name.matches("[a-zA-Z0-9_.-]+")) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    static String oneOf(JsonNode req, String member, String fallback, Set<String> allowed) {
        String s = string(req, member);
        if (s == null) {
            return fallback;
        }
        if (!allowed.contains(s)) {
            throw DynamoException.validation("1 validation error detected: Value '" + s + "' at '" + lowerFirst(member)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + new java.util.TreeSet<>(allowed));
        }
        return s;
    }

    static boolean bool(JsonNode req, String member, boolean fallback) {
        JsonNode n = req.get(member);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ValueJson.serialization("Unexpected value type in payload");
        }
        return n.booleanValue();
    }

    static Integer integer(JsonNode req, String member) {
        JsonNode n = req.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ValueJson.serialization("Unexpected value type in payload");
        }
        return n.intValue();
    }

    static Map<String, Value> item(JsonNode req, String member, boolean required) {
        JsonNode n = req.get(member);
        if (n == null || n.isNull()) {
            if (required) {
                throw DynamoException.validation("1 validation error detected: Value null at '" + lowerFirst(member)
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        return ValueJson.item(n);
    }

    /** Legacy (pre-expression) parameters are not implemented; say so rather than ignore them. */
    static void rejectLegacy(JsonNode req, String... members) {
        for (String member : members) {
            JsonNode n = req.get(member);
            if (n != null && !n.isNull()) {
                throw DynamoException.unsupported("the legacy parameter " + member + "; use expressions instead");
            }
        }
    }

    static void rejectPresent(JsonNode req, String... members) {
        for (String member : members) {
            JsonNode n = req.get(member);
            if (n != null && !n.isNull()) {
                throw DynamoException.unsupported("the parameter " + member);
            }
        }
    }

    /**
     * The ExpressionAttributeNames/Values of a request. {@code expressions} are the names of the expression members
     * this request may carry; names/values without any expression are refused as DynamoDB refuses them.
     */
    static ExpressionContext expressionContext(JsonNode req, String... expressions) {
        Map<String, String> names = null;
        Map<String, Value> values = null;
        JsonNode n = req.get("ExpressionAttributeNames");
        if (n != null && !n.isNull()) {
            if (!n.isObject()) {
                throw ValueJson.serialization("Unexpected value type in payload");
            }
            if (n.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeNames must not be empty");
            }
            names = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!e.getKey().startsWith("#")) {
                    throw DynamoException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                names.put(e.getKey(), e.getValue().asString());
            }
        }
        JsonNode v = req.get("ExpressionAttributeValues");
        if (v != null && !v.isNull()) {
            if (!v.isObject()) {
                throw ValueJson.serialization("Unexpected value type in payload");
            }
            if (v.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeValues must not be empty");
            }
            values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getKey().startsWith(":")) {
                    throw DynamoException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                values.put(e.getKey(), ValueJson.value(e.getValue()));
            }
        }
        boolean anyExpression = false;
        for (String expression : expressions) {
            anyExpression |= string(req, expression) != null;
        }
        if (!anyExpression && names != null) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!anyExpression && values != null) {
            throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        return new ExpressionContext(names, values);
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
