package io.cascadelab.dynamo.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.cascadelab.dynamo.api.DynamoException;
import io.cascadelab.dynamo.expression.Ast.Operand;
import io.cascadelab.dynamo.item.Bin;
import io.cascadelab.dynamo.item.Numbers;
import io.cascadelab.dynamo.item.Value;

/** Evaluates conditions against an item, applies update actions, and projects items. */
public final class Evaluator {

    private Evaluator() {
    }

    /** DynamoDB semantics: a missing attribute or a type mismatch makes a comparison false (and {@code <>} true). */
    public static boolean test(Ast.Condition condition, Map<String, Value> item) {
        if (condition instanceof Ast.And and) {
            return test(and.left(), item) && test(and.right(), item);
        } else if (condition instanceof Ast.Or or) {
            return test(or.left(), item) || test(or.right(), item);
        } else if (condition instanceof Ast.Not not) {
            return !test(not.condition(), item);
        } else if (condition instanceof Ast.Compare c) {
            return compare(c.comparator(), operand(c.left(), item), operand(c.right(), item));
        } else if (condition instanceof Ast.Between b) {
            Value v = operand(b.operand(), item);
            return compare(">=", v, operand(b.low(), item)) && compare("<=", v, operand(b.high(), item));
        } else if (condition instanceof Ast.In in) {
            Value v = operand(in.operand(), item);
            return v != null && in.candidates().stream().anyMatch(c -> v.equals(operand(c, item)));
        }
        return function((Ast.Call) condition, item);
    }

    private static boolean function(Ast.Call call, Map<String, Value> item) {
        Value first = operand(call.arguments().get(0), item);
        return switch (call.function()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" -> first != null && operand(call.arguments().get(1), item) instanceof Value.S s
                    && s.value().equals(first.type());
            case "begins_with" -> {
                Value prefix = operand(call.arguments().get(1), item);
                if (first instanceof Value.S s && prefix instanceof Value.S p) {
                    yield s.value().startsWith(p.value());
                }
                if (first instanceof Value.B b && prefix instanceof Value.B p) {
                    yield b.value().startsWith(p.value());
                }
                yield false;
            }
            case "contains" -> {
                Value part = operand(call.arguments().get(1), item);
                if (first == null || part == null) {
                    yield false;
                }
                yield contains(first, part);
            }
            default -> throw new IllegalStateException(call.function());
        };
    }

    private static boolean contains(Value first, Value part) {
        if (first instanceof Value.S s) {
            return part instanceof Value.S p && s.value().contains(p.value());
        } else if (first instanceof Value.B b) {
            return part instanceof Value.B p && b.value().contains(p.value());
        } else if (first instanceof Value.SS s) {
            return part instanceof Value.S p && s.value().contains(p.value());
        } else if (first instanceof Value.NS s) {
            return part instanceof Value.N p && s.value().stream().anyMatch(n -> n.compareTo(p.value()) == 0);
        } else if (first instanceof Value.BS s) {
            return part instanceof Value.B p && s.value().contains(p.value());
        } else if (first instanceof Value.L l) {
            return l.value().contains(part);
        }
        return false;
    }

    static boolean compare(String comparator, Value a, Value b) {
        if (comparator.equals("=")) {
            return a != null && a.equals(b);
        }
        if (comparator.equals("<>")) {
            return a == null || !a.equals(b);
        }
        if (a == null || b == null || !a.type().equals(b.type())) {
            return false;
        }
        int order;
        if (a instanceof Value.N x && b instanceof Value.N y) {
            order = x.value().compareTo(y.value());
        } else if (a instanceof Value.S x && b instanceof Value.S y) {
            order = compareUtf8(x.value(), y.value());
        } else if (a instanceof Value.B x && b instanceof Value.B y) {
            order = x.value().compareTo(y.value());
        } else {
            return false;
        }
        return switch (comparator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            default -> throw new IllegalStateException(comparator);
        };
    }

    /** Strings order by their UTF-8 bytes, as DynamoDB orders them (differs from UTF-16 order for surrogates). */
    public static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A condition operand's value, or null for a missing attribute (or a size() of something sizeless). */
    static Value operand(Operand operand, Map<String, Value> item) {
        if (operand instanceof Ast.PathOperand p) {
            return p.path().resolve(item);
        } else if (operand instanceof Ast.ValueOperand v) {
            return v.value();
        } else if (operand instanceof Ast.Call call && call.function().equals("size")) {
            Value v = operand(call.arguments().get(0), item);
            Integer size = null;
            if (v instanceof Value.S s) {
                size = s.value().length();
            } else if (v instanceof Value.B b) {
                size = b.value().length();
            } else if (v instanceof Value.L l) {
                size = l.value().size();
            } else if (v instanceof Value.M m) {
                size = m.value().size();
            } else if (v != null && Value.setElements(v) != null) {
                size = Value.setElements(v).size();
            }
            return size == null ? null : new Value.N(BigDecimal.valueOf(size));
        }
        throw DynamoException.validation("The function is not allowed to be used this way in an expression");
    }

    /**
     * Applies update actions to a copy of {@code old} (null for a new item). All operands are evaluated
     * against the original item, as DynamoDB does, so {@code SET a = b, b = a} swaps.
     */
    public static Map<String, Value> update(List<Ast.UpdateAction> actions, Map<String, Value> old, Set<String> keyNames) {
        Map<String, Value> original = old == null ? Map.of() : old;
        for (Ast.UpdateAction action : actions) {
            if (keyNames.contains(action.path().top())) {
                throw DynamoException.invalidParameter("Cannot update attribute " + action.path().top()
                        + ". This attribute is part of the key");
            }
        }
        List<Object[]> computed = new ArrayList<>();
        for (Ast.UpdateAction action : actions) {
            Value result;
            switch (action.clause()) {
                case "SET" -> result = setValue(action.operand(), original);
                case "ADD" -> result = add(action.path().resolve(original), ((Ast.ValueOperand) action.operand()).value());
                case "DELETE" -> result = delete(action.path().resolve(original), ((Ast.ValueOperand) action.operand()).value());
                default -> result = null;
            }
            computed.add(new Object[] {action, result});
        }
        Map<String, Value> item = new LinkedHashMap<>(original);
        // Removals from the same list refer to the original indexes: apply the highest index first.
        computed.sort(Comparator.comparing((Object[] c) -> isRemoval(c) ? 1 : 0)
                .thenComparing((a, b) -> isRemoval(a) ? comparePaths(((Ast.UpdateAction) b[0]).path(),
                        ((Ast.UpdateAction) a[0]).path()) : 0));
        for (Object[] c : computed) {
            Ast.UpdateAction action = (Ast.UpdateAction) c[0];
            Value result = (Value) c[1];
            if (isRemoval(c)) {
                remove(item, action.path());
            } else {
                put(item, action.path(), result);
            }
        }
        return item;
    }

    private static boolean isRemoval(Object[] computed) {
        return computed[1] == null;
    }

    private static int comparePaths(Path a, Path b) {
        for (int i = 0; i < Math.min(a.elements().size(), b.elements().size()); i++) {
            Object x = a.elements().get(i);
            Object y = b.elements().get(i);
            int c = x instanceof Integer xi && y instanceof Integer yi ? Integer.compare(xi, yi)
                    : x.toString().compareTo(y.toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.elements().size(), b.elements().size());
    }

    private static Value setValue(Operand operand, Map<String, Value> item) {
        if (operand instanceof Ast.PathOperand p) {
            Value v = p.path().resolve(item);
            if (v == null) {
                throw DynamoException.validation("The provided expression refers to an attribute that does not exist in the item");
            }
            return v;
        } else if (operand instanceof Ast.ValueOperand v) {
            return v.value();
        } else if (operand instanceof Ast.Arithmetic a) {
            Value left = setValue(a.left(), item);
            Value right = setValue(a.right(), item);
            if (!(left instanceof Value.N x) || !(right instanceof Value.N y)) {
                throw DynamoException.validation("An operand in the update expression has an incorrect data type");
            }
            return new Value.N(Numbers.add(x.value(), a.operator() == '+' ? y.value() : y.value().negate()));
        }
        Ast.Call call = (Ast.Call) operand;
        if (call.function().equals("if_not_exists")) {
            Value existing = ((Ast.PathOperand) call.arguments().get(0)).path().resolve(item);
            return existing != null ? existing : setValue(call.arguments().get(1), item);
        }
        if (call.function().equals("list_append")) {
            Value left = setValue(call.arguments().get(0), item);
            Value right = setValue(call.arguments().get(1), item);
            if (!(left instanceof Value.L x) || !(right instanceof Value.L y)) {
                throw DynamoException.validation("An operand in the update expression has an incorrect data type");
            }
            List<Value> joined = new ArrayList<>(x.value());
            joined.addAll(y.value());
            return new Value.L(joined);
        }
        throw DynamoException.validation(
                "Invalid UpdateExpression: The function is not allowed in a update expression; function: " + call.function());
    }

    private static Value add(Value existing, Value operand) {
        if (operand instanceof Value.N n) {
            if (existing == null) {
                return n;
            }
            if (existing instanceof Value.N e) {
                return new Value.N(Numbers.add(e.value(), n.value()));
            }
        } else if (Value.setElements(operand) != null) {
            if (existing == null) {
                return operand;
            }
            if (existing.type().equals(operand.type())) {
                Set<Object> union = new LinkedHashSet<>(Value.setElements(existing));
                union.addAll(Value.setElements(operand));
                return Value.setOf(operand.type(), union);
            }
        }
        throw DynamoException.validation("An operand in the update expression has an incorrect data type");
    }

    /** DELETE removes elements from a set; an emptied set disappears (returned as null, i.e. removal). */
    private static Value delete(Value existing, Value operand) {
        if (Value.setElements(operand) == null) {
            throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        if (existing == null) {
            return null;
        }
        if (!existing.type().equals(operand.type())) {
            throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        Set<Object> remaining = new LinkedHashSet<>(Value.setElements(existing));
        remaining.removeAll(Value.setElements(operand));
        return remaining.isEmpty() ? null : Value.setOf(operand.type(), remaining);
    }

    private static DynamoException invalidPath() {
        return DynamoException.validation("The document path provided in the update expression is invalid for update");
    }

    private static void put(Map<String, Value> item, Path path, Value value) {
        if (path.isTopLevel()) {
            item.put(path.top(), value);
            return;
        }
        Value root = item.get(path.top());
        if (root == null) {
            throw invalidPath();
        }
        item.put(path.top(), with(root, path.elements(), 1, value));
    }

    private static Value with(Value container, List<Object> path, int i, Value value) {
        Object step = path.get(i);
        boolean last = i == path.size() - 1;
        if (step instanceof String key && container instanceof Value.M m) {
            Map<String, Value> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.put(key, value);
            } else {
                Value child = copy.get(key);
                if (child == null) {
                    throw invalidPath();
                }
                copy.put(key, with(child, path, i + 1, value));
            }
            return new Value.M(copy);
        }
        if (step instanceof Integer index && container instanceof Value.L l) {
            List<Value> copy = new ArrayList<>(l.value());
            if (last) {
                if (index >= copy.size()) {
                    copy.add(value);
                } else {
                    copy.set(index, value);
                }
            } else {
                if (index >= copy.size()) {
                    throw invalidPath();
                }
                copy.set(index, with(copy.get(index), path, i + 1, value));
            }
            return new Value.L(copy);
        }
        throw invalidPath();
    }

    private static void remove(Map<String, Value> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.top());
            return;
        }
        Value root = item.get(path.top());
        if (root != null) {
            item.put(path.top(), without(root, path.elements(), 1));
        }
    }

    private static Value without(Value container, List<Object> path, int i) {
        Object step = path.get(i);
        boolean last = i == path.size() - 1;
        if (step instanceof String key && container instanceof Value.M m) {
            Map<String, Value> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.remove(key);
            } else if (copy.get(key) != null) {
                copy.put(key, without(copy.get(key), path, i + 1));
            }
            return new Value.M(copy);
        }
        if (step instanceof Integer index && container instanceof Value.L l) {
            List<Value> copy = new ArrayList<>(l.value());
            if (index < copy.size()) {
                if (last) {
                    copy.remove((int) index);
                } else {
                    copy.set(index, without(copy.get(index), path, i + 1));
                }
            }
            return new Value.L(copy);
        }
        throw invalidPath();
    }

    /** Keeps only the given paths; list elements picked by index are returned compacted, in index order. */
    public static Map<String, Value> project(Map<String, Value> item, List<Path> paths) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Path path : paths) {
            Value v = path.resolve(item);
            if (v != null) {
                insert(root, path.elements(), 0, v);
            }
        }
        Map<String, Value> out = new LinkedHashMap<>();
        root.forEach((k, v) -> out.put(k, build(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Object node, List<Object> path, int i, Value v) {
        Object step = path.get(i);
        boolean last = i == path.size() - 1;
        Map<Object, Object> children = (Map<Object, Object>) node;
        if (last) {
            children.put(step, v);
            return;
        }
        Object child = children.computeIfAbsent(step,
                s -> path.get(i + 1) instanceof Integer ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>());
        insert(child, path, i + 1, v);
    }

    @SuppressWarnings("unchecked")
    private static Value build(Object node) {
        if (node instanceof Value v) {
            return v;
        }
        if (node instanceof TreeMap<?, ?> list) {
            return new Value.L(list.values().stream().map(Evaluator::build).toList());
        }
        Map<String, Value> map = new LinkedHashMap<>();
        ((Map<String, Object>) node).forEach((k, v) -> map.put(k, build(v)));
        return new Value.M(map);
    }

    /** Checks that binary values are not compared against strings in a way DynamoDB rejects; unused here. */
    static boolean isScalarKeyType(Value v) {
        return v instanceof Value.S || v instanceof Value.N || v instanceof Value.B;
    }

    static Bin bin(Value v) {
        return ((Value.B) v).value();
    }
}
