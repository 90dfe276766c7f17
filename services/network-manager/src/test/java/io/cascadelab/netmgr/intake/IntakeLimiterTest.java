package io.cascadelab.netmgr.intake;

import java.time.Duration;
import java.time.Instant;

import io.cascadelab.netmgr.NetworkManagerProperties;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntakeLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T05:28:00Z"));
    final NetworkManagerProperties.Intake intake = new NetworkManagerProperties.Intake(120, 4, 30);

    @Test
    void incidentModeAdmitsEverythingHoweverDeepTheQueue() {
        IntakeLimiter limiter = new IntakeLimiter(clock, new TimeScale(60), CascadeProperties.Mode.INCIDENT, intake);
        assertThat(limiter.limitPerMinute(100_000)).isInfinite();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAdmit(i)).isTrue();
        }
    }

    @Test
    void fixedModeAdmitsLessTheDeeperTheQueueDownToItsFloor() {
        IntakeLimiter limiter = new IntakeLimiter(clock, new TimeScale(60), CascadeProperties.Mode.FIXED, intake);
        assertThat(limiter.limitPerMinute(0)).isEqualTo(120);
        assertThat(limiter.limitPerMinute(1)).isEqualTo(90);
        assertThat(limiter.limitPerMinute(2)).isEqualTo(60);
        assertThat(limiter.limitPerMinute(3)).isEqualTo(30);
        assertThat(limiter.limitPerMinute(4)).isEqualTo(30);
        assertThat(limiter.limitPerMinute(1_000)).isEqualTo(30);
    }

    @Test
    void fixedModeAdmitsAtTheQueueDependentRateInIncidentTime() {
        IntakeLimiter limiter = new IntakeLimiter(clock, new TimeScale(60), CascadeProperties.Mode.FIXED, intake);
        int depth = 10; // deep: the floor, 30 per incident minute, one every 2 incident seconds
        assertThat(limiter.tryAdmit(depth)).isTrue();
        assertThat(limiter.tryAdmit(depth)).isFalse();
        clock.advance(Duration.ofMillis(20)); // 1.2 incident seconds: not yet
        assertThat(limiter.tryAdmit(depth)).isFalse();
        clock.advance(Duration.ofMillis(15)); // 2.1 incident seconds in all
        assertThat(limiter.tryAdmit(depth)).isTrue();
        // an idle hour does not bank an hour of admissions: the bucket holds one incident second's worth, at least 1
        clock.advance(Duration.ofMinutes(1));
        int admitted = 0;
        while (limiter.tryAdmit(depth)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(1);
        // the next in 2 incident seconds: 33 wall ms at 60x
        assertThat(limiter.untilAvailable(depth)).isBetween(Duration.ofMillis(33), Duration.ofMillis(34));
        assertThat(limiter.tryAdmit(0)).as("shallow: 120 per minute, a 2-token bucket").isFalse();
    }

    @Test
    void anOperatorLimitCapsEitherModeUntilLifted() {
        IntakeLimiter limiter = new IntakeLimiter(clock, new TimeScale(60), CascadeProperties.Mode.INCIDENT, intake);
        limiter.runbookLimit(6.0);
        assertThat(limiter.limitPerMinute(0)).isEqualTo(6);
        assertThat(limiter.tryAdmit(0)).isTrue();
        assertThat(limiter.tryAdmit(0)).isFalse();
        limiter.runbookLimit(null);
        assertThat(limiter.limitPerMinute(0)).isInfinite();
        assertThat(limiter.tryAdmit(0)).isTrue();
        IntakeLimiter fixed = new IntakeLimiter(clock, new TimeScale(60), CascadeProperties.Mode.FIXED, intake);
        fixed.runbookLimit(1000.0);
        assertThat(fixed.limitPerMinute(0)).as("the smaller limit wins").isEqualTo(120);
        assertThatThrownBy(() -> fixed.runbookLimit(0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
