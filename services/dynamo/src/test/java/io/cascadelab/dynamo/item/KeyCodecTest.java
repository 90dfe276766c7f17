package io.cascadelab.dynamo.item;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored range keys must sort, bytewise, exactly as DynamoDB sorts the values they encode. */
class KeyCodecTest {

    private static final long SEED = 20251020L;

    private static BigDecimal randomNumber(Random random) {
        int digits = 1 + random.nextInt(38);
        StringBuilder unscaled = new StringBuilder();
        unscaled.append(1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
            unscaled.append(random.nextInt(10));
        }
        BigDecimal value = new BigDecimal(new java.math.BigInteger(unscaled.toString()), random.nextInt(200) - 80);
        value = random.nextBoolean() ? value.negate() : value;
        return random.nextInt(20) == 0 ? BigDecimal.ZERO : value;
    }

    @Test
    void numberEncodingSortsNumericallyAndRoundTrips() {
        Random random = new Random(SEED);
        List<BigDecimal> numbers = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            BigDecimal n = randomNumber(random);
            if (n.signum() == 0 || (n.abs().compareTo(new BigDecimal("1E-130")) >= 0
                    && n.abs().compareTo(new BigDecimal("1E+126")) < 0)) {
                numbers.add(n);
            }
        }
        numbers.addAll(List.of(new BigDecimal("1"), new BigDecimal("10"), new BigDecimal("1.5"), new BigDecimal("-1"),
                new BigDecimal("-10"), new BigDecimal("-1.5"), new BigDecimal("0.001"), new BigDecimal("-0.001")));
        for (int i = 0; i < 20000; i++) {
            BigDecimal a = numbers.get(random.nextInt(numbers.size()));
            BigDecimal b = numbers.get(random.nextInt(numbers.size()));
            int expected = Integer.signum(a.compareTo(b));
            int actual = Integer.signum(Arrays.compareUnsigned(KeyCodec.encodeNumber(a), KeyCodec.encodeNumber(b)));
            assertThat(actual).as("order of %s and %s (seed %d)", a, b, SEED).isEqualTo(expected);
        }
        for (BigDecimal n : numbers) {
            assertThat(KeyCodec.decodeNumber(KeyCodec.encodeNumber(n))).isEqualByComparingTo(n);
        }
    }

    @Test
    void stringsSortByUtf8BytesNotUtf16Units() {
        // U+FFFD sorts before U+1F600 in UTF-16 code units, after it in UTF-8 bytes; DynamoDB uses UTF-8.
        byte[] replacement = KeyCodec.encode(new Value.S("\uFFFD"));
        byte[] emoji = KeyCodec.encode(new Value.S("\uD83D\uDE00"));
        assertThat(Arrays.compareUnsigned(replacement, emoji)).isNegative();
        assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(replacement).isEqualTo("\uFFFD".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void prefixEndBoundsEveryExtensionOfThePrefix() {
        assertThat(KeyCodec.prefixEnd(new byte[] {'a', 'b'})).isEqualTo(new byte[] {'a', 'c'});
        assertThat(KeyCodec.prefixEnd(new byte[] {'a', (byte) 0xff})).isEqualTo(new byte[] {'b'});
        assertThat(KeyCodec.prefixEnd(new byte[] {(byte) 0xff})).isNull();
    }

    @Test
    void numbersBeyondDynamoDbsPrecisionOrRangeAreRefused() {
        assertThat(Numbers.parse("0001.500")).isEqualTo(new BigDecimal("1.5"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Numbers.parse("1234567890123456789012345678901234567890"))
                .hasMessageContaining("38 significant digits");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Numbers.parse("1E+126")).hasMessageContaining("overflow");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Numbers.parse("1E-131")).hasMessageContaining("underflow");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Numbers.parse("1e")).hasMessageContaining("converted");
    }
}
