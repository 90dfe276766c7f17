package io.cascadelab.dynamo.item;

import java.math.BigDecimal;
import java.math.MathContext;

import io.cascadelab.dynamo.api.DynamoException;

/**
 * DynamoDB's number semantics: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, compared numerically, returned normalised.
 */
public final class Numbers {

    private static final int MAX_DIGITS = 38;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Numbers() {
    }

    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || !text.matches("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*")) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        return check(value);
    }

    /** Validates a number (from input or arithmetic) against DynamoDB's precision and range. */
    public static BigDecimal check(BigDecimal value) {
        BigDecimal n = normalise(value);
        if (n.signum() == 0) {
            return n;
        }
        if (n.precision() > MAX_DIGITS) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal abs = n.abs();
        if (abs.compareTo(MAX) > 0) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.compareTo(MIN) < 0) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return n;
    }

    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return value.stripTrailingZeros();
    }

    /** Addition as DynamoDB does it: exact, then checked against the 38-digit limit. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal sum = a.add(b, MathContext.UNLIMITED);
        return check(sum);
    }

    public static String format(BigDecimal value) {
        return normalise(value).toPlainString();
    }

    static int size(BigDecimal value) {
        BigDecimal n = normalise(value);
        int digits = n.signum() == 0 ? 1 : n.precision();
        // Digits are stored in base-100 pairs; an odd scale shifts pairing by one digit.
        return (digits + 1) / 2 + 1 + (n.signum() < 0 ? 1 : 0);
    }
}
