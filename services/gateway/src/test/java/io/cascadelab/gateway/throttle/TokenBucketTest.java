package io.cascadelab.gateway.throttle;

import java.time.Duration;
import java.time.Instant;

import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T11:23:00Z"));

    @Test
    void aFullBucketAllowsItsBurstThenRefillsAtTheRatePerIncidentSecond() {
        TokenBucket bucket = new TokenBucket(clock, new TimeScale(60), 2, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire()).isTrue();
        }
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(8)); // 0.48 incident seconds: 0.96 tokens
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1)); // 0.54 incident seconds in all: 1.08 tokens
        assertThat(bucket.tryAcquire()).isTrue();
        clock.advance(Duration.ofHours(1));
        int taken = 0;
        while (bucket.tryAcquire()) {
            taken++;
        }
        assertThat(taken).as("never more than the bucket holds").isEqualTo(5);
    }

    @Test
    void tighteningBitesAtOnceAndZeroMeansUnlimited() {
        TokenBucket bucket = new TokenBucket(clock, new TimeScale(60), 2, 1000);
        bucket.set(0.01, 1);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).as("the old 999 tokens are gone").isFalse();
        bucket.set(0, 1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(bucket.tryAcquire()).isTrue();
        }
        assertThatThrownBy(() -> bucket.set(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.set(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
