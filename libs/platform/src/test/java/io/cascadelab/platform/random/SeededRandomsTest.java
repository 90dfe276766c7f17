package io.cascadelab.platform.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SeededRandomsTest {

    @Test
    void theSameSeedAndComponentGiveTheSameStream() {
        int[] first = IntStream.generate(new SeededRandoms(42).forComponent("enactor-az1")::nextInt).limit(8).toArray();
        int[] second = IntStream.generate(new SeededRandoms(42).forComponent("enactor-az1")::nextInt).limit(8).toArray();
        assertThat(first).isEqualTo(second);
    }

    @Test
    void componentsAndSeedsGetIndependentStreams() {
        long a = new SeededRandoms(42).forComponent("enactor-az1").nextLong();
        long b = new SeededRandoms(42).forComponent("enactor-az2").nextLong();
        long c = new SeededRandoms(43).forComponent("enactor-az1").nextLong();
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }
}
