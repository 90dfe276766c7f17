package io.cascadelab.dynamo.item;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DynamoDB attribute value. Numbers are held normalised ({@link Numbers#normalise}); sets keep their
 * input order for output but compare as sets.
 */
public sealed interface Value {

    /** DynamoDB's type descriptor: S, N, B, BOOL, NULL, M, L, SS, NS, BS. */
    String type();

    record S(String value) implements Value {
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements Value {
        public N {
            value = Numbers.normalise(value);
        }

        public String type() {
            return "N";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof N n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    record B(Bin value) implements Value {
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements Value {
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements Value {
        public String type() {
            return "NULL";
        }
    }

    record M(Map<String, Value> value) implements Value {
        public M {
            value = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        public String type() {
            return "M";
        }
    }

    record L(List<Value> value) implements Value {
        public L {
            value = List.copyOf(value);
        }

        public String type() {
            return "L";
        }
    }

    record SS(List<String> value) implements Value {
        public SS {
            value = List.copyOf(value);
        }

        public String type() {
            return "SS";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SS s && new HashSet<>(s.value).equals(new HashSet<>(value));
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    record NS(List<BigDecimal> value) implements Value {
        public NS {
            value = value.stream().map(Numbers::normalise).toList();
        }

        public String type() {
            return "NS";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NS s && new HashSet<>(s.value).equals(new HashSet<>(value));
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    record BS(List<Bin> value) implements Value {
        public BS {
            value = List.copyOf(value);
        }

        public String type() {
            return "BS";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BS s && new HashSet<>(s.value).equals(new HashSet<>(value));
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    /** The elements of a set value as a set of comparable Java values, or null if this is not a set. */
    static Set<Object> setElements(Value v) {
        if (v instanceof SS s) {
            return new java.util.LinkedHashSet<>(s.value());
        }
        if (v instanceof NS s) {
            return new java.util.LinkedHashSet<>(s.value());
        }
        if (v instanceof BS s) {
            return new java.util.LinkedHashSet<>(s.value());
        }
        return null;
    }

    /** Builds a set value of the given set type from elements (String, BigDecimal or Bin). */
    static Value setOf(String type, java.util.Collection<Object> elements) {
        return switch (type) {
            case "SS" -> new SS(elements.stream().map(String.class::cast).toList());
            case "NS" -> new NS(elements.stream().map(BigDecimal.class::cast).toList());
            case "BS" -> new BS(elements.stream().map(Bin.class::cast).toList());
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * DynamoDB's item-size accounting: attribute names plus values, strings and binaries by length,
     * numbers by roughly one byte per two significant digits plus one, documents with overheads.
     */
    static int size(Value v) {
        if (v instanceof S s) {
            return utf8Length(s.value());
        } else if (v instanceof N n) {
            return Numbers.size(n.value());
        } else if (v instanceof B b) {
            return b.value().length();
        } else if (v instanceof SS s) {
            return s.value().stream().mapToInt(Value::utf8Length).sum();
        } else if (v instanceof NS s) {
            return s.value().stream().mapToInt(Numbers::size).sum();
        } else if (v instanceof BS s) {
            return s.value().stream().mapToInt(Bin::length).sum();
        } else if (v instanceof L l) {
            return 3 + l.value().stream().mapToInt(e -> size(e) + 1).sum();
        } else if (v instanceof M m) {
            return 3 + m.value().entrySet().stream()
                    .mapToInt(e -> utf8Length(e.getKey()) + size(e.getValue()) + 1).sum();
        }
        return 1;
    }

    static int itemSize(Map<String, Value> item) {
        int total = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            total += utf8Length(e.getKey()) + size(e.getValue());
        }
        return total;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static String describe(Value v) {
        if (v instanceof S s) {
            return "{S:" + s.value() + "}";
        } else if (v instanceof N n) {
            return "{N:" + n.value().toPlainString() + "}";
        } else if (v instanceof NS s) {
            return "{NS:" + s.value().stream().map(BigDecimal::toPlainString).collect(Collectors.toList()) + "}";
        }
        return "{" + v.type() + ":" + Objects.toString(v) + "}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
