package io.cascadelab.dynamo.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cascadelab.dynamo.expression.Ast;
import io.cascadelab.dynamo.expression.Evaluator;
import io.cascadelab.dynamo.expression.ExpressionContext;
import io.cascadelab.dynamo.expression.Parser;
import io.cascadelab.dynamo.expression.Path;
import io.cascadelab.dynamo.item.KeyCodec;
import io.cascadelab.dynamo.item.Value;
import io.cascadelab.dynamo.item.ValueJson;
import io.cascadelab.dynamo.store.ItemStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Query and Scan: key conditions, filters, projections, Limit, the 1 MB page, segments. */
final class ReadOperations {

    private static final int PAGE_BYTES = 1024 * 1024;
    private static final int FETCH_ROWS = 256;
    private static final long BUCKETS = 1L << 31;

    private final Tables tables;
    private final ItemStore store;
    private final ObjectMapper json;

    ReadOperations(Tables tables, ItemStore store, ObjectMapper json) {
        this.tables = tables;
        this.store = store;
        this.json = json;
    }

    private record Common(TableDef table, Ast.Condition filter, List<Path> projection, boolean countOnly, int limit,
                          Map<String, Value> startKey) {
    }

    private Common common(JsonNode req, ExpressionContext ctx, String legacyFilter) {
        TableDef table = tables.require(Requests.tableName(req));
        Requests.rejectLegacy(req, "AttributesToGet", legacyFilter, "ConditionalOperator");
        String consumed = Requests.oneOf(req, "ReturnConsumedCapacity", "NONE", Set.of("NONE", "TOTAL", "INDEXES"));
        if (!consumed.equals("NONE")) {
            throw DynamoException.unsupported("ReturnConsumedCapacity " + consumed);
        }
        String index = Requests.string(req, "IndexName");
        if (index != null) {
            throw DynamoException.validation("The table does not have the specified index: " + index);
        }
        Requests.bool(req, "ConsistentRead", false);
        String filterText = Requests.string(req, "FilterExpression");
        Ast.Condition filter = filterText == null ? null : Parser.condition("FilterExpression", filterText, ctx);
        String projectionText = Requests.string(req, "ProjectionExpression");
        List<Path> projection = projectionText == null ? null : Parser.projection(projectionText, ctx);
        String select = Requests.oneOf(req, "Select", projection == null ? "ALL_ATTRIBUTES" : "SPECIFIC_ATTRIBUTES",
                Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"));
        if (select.equals("ALL_PROJECTED_ATTRIBUTES")) {
            throw DynamoException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoException.validation("Must specify the AttributesToGet or ProjectionExpression when choosing to"
                    + " get SPECIFIC_ATTRIBUTES");
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        Integer limit = Requests.integer(req, "Limit");
        if (limit != null && limit < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value greater than or equal to 1");
        }
        Map<String, Value> startKey = Requests.item(req, "ExclusiveStartKey", false);
        return new Common(table, filter, projection, select.equals("COUNT"), limit == null ? Integer.MAX_VALUE : limit,
                startKey);
    }

    private ItemStore.Key startKey(TableDef table, Map<String, Value> attributes) {
        try {
            return table.key(attributes, false);
        } catch (DynamoException e) {
            throw DynamoException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }

    ObjectNode query(JsonNode req) {
        Requests.rejectLegacy(req, "KeyConditions");
        ExpressionContext ctx = Requests.expressionContext(req, "KeyConditionExpression", "FilterExpression",
                "ProjectionExpression");
        String keyText = Requests.string(req, "KeyConditionExpression");
        if (keyText == null) {
            throw DynamoException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Ast.Condition keyCondition = Parser.condition("KeyConditionExpression", keyText, ctx);
        Common c = common(req, ctx, "QueryFilter");
        ctx.requireAllUsed();
        TableDef table = c.table();
        if (c.filter() != null) {
            checkFilterAvoidsKeys(c.filter(), table);
        }
        KeyRange range = keyRange(keyCondition, table);
        boolean forward = Requests.bool(req, "ScanIndexForward", true);
        byte[] after = null;
        if (c.startKey() != null) {
            ItemStore.Key start = startKey(table, c.startKey());
            if (!start.hk().equals(new io.cascadelab.dynamo.item.Bin(range.hk))) {
                throw DynamoException.validation("The provided starting key is invalid: The provided key element does"
                        + " not match the schema");
            }
            after = start.rk().bytes();
        }
        Page page = new Page(c);
        while (true) {
            int want = (int) Math.min(FETCH_ROWS, (long) c.limit() - page.scanned);
            List<ItemStore.Row> rows = store.query(table.id(), range.hk, range.low, range.lowInclusive, range.high,
                    range.highInclusive, forward, after, want);
            for (ItemStore.Row row : rows) {
                page.add(row);
                after = row.key().rk().bytes();
                if (page.full()) {
                    return page.finish(true);
                }
            }
            if (rows.size() < want) {
                return page.finish(false);
            }
        }
    }

    ObjectNode scan(JsonNode req) {
        ExpressionContext ctx = Requests.expressionContext(req, "FilterExpression", "ProjectionExpression");
        Common c = common(req, ctx, "ScanFilter");
        ctx.requireAllUsed();
        Integer segment = Requests.integer(req, "Segment");
        Integer totalSegments = Requests.integer(req, "TotalSegments");
        if (segment != null && totalSegments == null) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the request"
                    + " when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoException.validation("The Segment parameter is required but was not present in the request when"
                    + " parameter TotalSegments is present");
        }
        if (totalSegments != null && (totalSegments < 1 || totalSegments > 1_000_000)) {
            throw DynamoException.validation("1 validation error detected: Value '" + totalSegments + "' at"
                    + " 'totalSegments' failed to satisfy constraint: Member must have value "
                    + (totalSegments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
        }
        if (segment != null && (segment < 0 || segment >= totalSegments)) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter"
                    + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        int from = segment == null ? 0 : (int) (segment * BUCKETS / totalSegments);
        int to = segment == null ? Integer.MAX_VALUE : (int) ((segment + 1) * BUCKETS / totalSegments - 1);
        TableDef table = c.table();
        ItemStore.Row after = null;
        if (c.startKey() != null) {
            ItemStore.Key start = startKey(table, c.startKey());
            after = new ItemStore.Row(start, TableDef.bucket(start.hk()), null);
        }
        Page page = new Page(c);
        while (true) {
            int want = (int) Math.min(FETCH_ROWS, (long) c.limit() - page.scanned);
            List<ItemStore.Row> rows = store.scan(table.id(), from, to, after, want);
            for (ItemStore.Row row : rows) {
                page.add(row);
                after = row;
                if (page.full()) {
                    return page.finish(true);
                }
            }
            if (rows.size() < want) {
                return page.finish(false);
            }
        }
    }

    /** Accumulates one page: DynamoDB stops at Limit evaluated items or after 1 MB read, before filtering. */
    private final class Page {
        private final Common c;
        private final ArrayNode items = JsonNodeFactory.instance.arrayNode();
        private int scanned;
        private int count;
        private long bytes;
        private ItemStore.Key lastKey;

        Page(Common c) {
            this.c = c;
        }

        void add(ItemStore.Row row) {
            scanned++;
            bytes += row.item().length;
            lastKey = row.key();
            Map<String, Value> item = ValueJson.item(json.readTree(row.item()));
            if (c.filter() != null && !Evaluator.test(c.filter(), item)) {
                return;
            }
            count++;
            if (!c.countOnly()) {
                items.add(ValueJson.toJson(c.projection() == null ? item : Evaluator.project(item, c.projection())));
            }
        }

        boolean full() {
            return scanned >= c.limit() || bytes >= PAGE_BYTES;
        }

        ObjectNode finish(boolean more) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (!c.countOnly()) {
                out.set("Items", items);
            }
            out.put("Count", count);
            out.put("ScannedCount", scanned);
            if (more && lastKey != null) {
                out.set("LastEvaluatedKey", ValueJson.toJson(c.table().keyAttributes(lastKey)));
            }
            return out;
        }
    }

    private record KeyRange(byte[] hk, byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
    }

    /** Turns {@code hash = :v [AND range-condition]} into key bounds; anything else is refused as DynamoDB does. */
    private static KeyRange keyRange(Ast.Condition condition, TableDef table) {
        List<Ast.Condition> parts = condition instanceof Ast.And and ? List.of(and.left(), and.right()) : List.of(condition);
        byte[] hk = null;
        Ast.Condition rangePart = null;
        for (Ast.Condition part : parts) {
            String attribute = keyAttribute(part);
            if (attribute.equals(table.hashName())) {
                if (hk != null || !(part instanceof Ast.Compare cmp) || !cmp.comparator().equals("=")) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                Value v = keyValue(cmp.right(), table.hashType());
                hk = KeyCodec.encode(v);
            } else if (attribute.equals(table.rangeName())) {
                if (rangePart != null) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                rangePart = part;
            } else {
                throw DynamoException.validation("Query condition missed key schema element: "
                        + (table.hasRange() ? table.rangeName() : table.hashName()));
            }
        }
        if (hk == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + table.hashName());
        }
        if (rangePart == null) {
            return new KeyRange(hk, null, true, null, true);
        }
        String type = table.rangeType();
        if (rangePart instanceof Ast.Between between) {
            byte[] low = KeyCodec.encode(keyValue(between.low(), type));
            byte[] high = KeyCodec.encode(keyValue(between.high(), type));
            if (java.util.Arrays.compareUnsigned(low, high) > 0) {
                throw DynamoException.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper"
                        + " bound to be greater than or equal to lower bound; lower operand: AttributeValue: "
                        + Value.describe(keyValue(between.low(), type)) + ", upper operand: AttributeValue: "
                        + Value.describe(keyValue(between.high(), type)));
            }
            return new KeyRange(hk, low, true, high, true);
        }
        if (rangePart instanceof Ast.Call call && call.function().equals("begins_with")) {
            if (type.equals("N")) {
                throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or"
                        + " function; operator or function: begins_with, operand type: N");
            }
            byte[] prefix = KeyCodec.encode(keyValue(call.arguments().get(1), type));
            return new KeyRange(hk, prefix, true, KeyCodec.prefixEnd(prefix), false);
        }
        if (rangePart instanceof Ast.Compare cmp) {
            byte[] v = KeyCodec.encode(keyValue(cmp.right(), type));
            return switch (cmp.comparator()) {
                case "=" -> new KeyRange(hk, v, true, v, true);
                case "<" -> new KeyRange(hk, null, true, v, false);
                case "<=" -> new KeyRange(hk, null, true, v, true);
                case ">" -> new KeyRange(hk, v, false, null, true);
                case ">=" -> new KeyRange(hk, v, true, null, true);
                default -> throw DynamoException.validation("Unsupported operator on KeyConditionExpression: operator: "
                        + cmp.comparator());
            };
        }
        throw DynamoException.validation("Query key condition not supported");
    }

    /** The key attribute a key-condition part constrains; its left side must be a bare attribute. */
    private static String keyAttribute(Ast.Condition part) {
        Ast.Operand left;
        if (part instanceof Ast.Compare cmp) {
            left = cmp.left();
        } else if (part instanceof Ast.Between b) {
            left = b.operand();
        } else if (part instanceof Ast.Call call && call.function().equals("begins_with")) {
            left = call.arguments().get(0);
        } else if (part instanceof Ast.Call call) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: " + call.function());
        } else {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: "
                    + (part instanceof Ast.Or ? "OR" : part instanceof Ast.Not ? "NOT" : part instanceof Ast.In ? "IN" : "AND"));
        }
        if (!(left instanceof Ast.PathOperand p) || !p.path().isTopLevel()) {
            throw DynamoException.validation("Query key condition not supported");
        }
        return p.path().top();
    }

    private static Value keyValue(Ast.Operand operand, String type) {
        if (!(operand instanceof Ast.ValueOperand v)) {
            throw DynamoException.validation("Query key condition not supported");
        }
        if (!v.value().type().equals(type)) {
            throw DynamoException.invalidParameter("Condition parameter type does not match schema type");
        }
        return v.value();
    }

    private static void checkFilterAvoidsKeys(Ast.Condition filter, TableDef table) {
        for (String top : topLevelNames(filter, new java.util.ArrayList<>())) {
            if (table.isKey(top)) {
                throw DynamoException.validation("Filter Expression can only contain non-primary key attributes:"
                        + " Primary key attribute: " + top);
            }
        }
    }

    private static List<String> topLevelNames(Object node, List<String> out) {
        if (node instanceof Ast.PathOperand p) {
            out.add(p.path().top());
        } else if (node instanceof Ast.And a) {
            topLevelNames(a.left(), out);
            topLevelNames(a.right(), out);
        } else if (node instanceof Ast.Or o) {
            topLevelNames(o.left(), out);
            topLevelNames(o.right(), out);
        } else if (node instanceof Ast.Not n) {
            topLevelNames(n.condition(), out);
        } else if (node instanceof Ast.Compare c) {
            topLevelNames(c.left(), out);
            topLevelNames(c.right(), out);
        } else if (node instanceof Ast.Between b) {
            topLevelNames(b.operand(), out);
            topLevelNames(b.low(), out);
            topLevelNames(b.high(), out);
        } else if (node instanceof Ast.In in) {
            topLevelNames(in.operand(), out);
            in.candidates().forEach(c -> topLevelNames(c, out));
        } else if (node instanceof Ast.Call call) {
            call.arguments().forEach(a -> topLevelNames(a, out));
        }
        return out;
    }
}
