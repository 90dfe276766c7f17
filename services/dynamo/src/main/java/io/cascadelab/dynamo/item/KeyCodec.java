package io.cascadelab.dynamo.item;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Encodes key values into bytes whose unsigned bytewise order is DynamoDB's order: strings by UTF-8 bytes,
 * binaries bytewise, numbers numerically. PostgreSQL compares {@code bytea} with memcmp, so range keys
 * stored this way sort and range-scan exactly as DynamoDB's do.
 */
public final class KeyCodec {

    private static final int EXPONENT_BIAS = 0x8000;

    private KeyCodec() {
    }

    public static byte[] encode(Value key) {
        if (key instanceof Value.S s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        } else if (key instanceof Value.B b) {
            return b.value().bytes();
        } else if (key instanceof Value.N n) {
            return encodeNumber(n.value());
        }
        throw new IllegalArgumentException("not a key type: " + key.type());
    }

    public static Value decode(String type, byte[] bytes) {
        return switch (type) {
            case "S" -> new Value.S(new String(bytes, StandardCharsets.UTF_8));
            case "B" -> new Value.B(new Bin(bytes));
            case "N" -> new Value.N(decodeNumber(bytes));
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * Sign byte (0 negative, 1 zero, 2 positive), then for non-zero values a biased two-byte decimal
     * exponent and one byte per significant digit (digit + 1). Negative numbers invert exponent and
     * digits and end with 0xFF so that a shorter digit string sorts after its extensions.
     */
    static byte[] encodeNumber(BigDecimal raw) {
        BigDecimal n = Numbers.normalise(raw);
        if (n.signum() == 0) {
            return new byte[] {1};
        }
        String digits = n.unscaledValue().abs().toString();
        int exponent = digits.length() - n.scale();
        boolean negative = n.signum() < 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() + 4);
        out.write(negative ? 0 : 2);
        int biased = exponent + EXPONENT_BIAS;
        out.write(flip((biased >>> 8) & 0xFF, negative));
        out.write(flip(biased & 0xFF, negative));
        for (int i = 0; i < digits.length(); i++) {
            out.write(flip(digits.charAt(i) - '0' + 1, negative));
        }
        if (negative) {
            out.write(0xFF);
        }
        return out.toByteArray();
    }

    static BigDecimal decodeNumber(byte[] b) {
        if (b[0] == 1) {
            return BigDecimal.ZERO;
        }
        boolean negative = b[0] == 0;
        int biased = (flip(b[1] & 0xFF, negative) << 8) | flip(b[2] & 0xFF, negative);
        int exponent = biased - EXPONENT_BIAS;
        int end = negative ? b.length - 1 : b.length;
        StringBuilder digits = new StringBuilder();
        for (int i = 3; i < end; i++) {
            digits.append((char) ('0' + flip(b[i] & 0xFF, negative) - 1));
        }
        BigDecimal value = new BigDecimal(new java.math.BigInteger(digits.toString()), digits.length() - exponent);
        return Numbers.normalise(negative ? value.negate() : value);
    }

    private static int flip(int b, boolean negative) {
        return negative ? 0xFF - b : b;
    }

    /** The smallest byte string greater than every string starting with {@code prefix}, or null if none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xFF) != 0xFF) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }
}
