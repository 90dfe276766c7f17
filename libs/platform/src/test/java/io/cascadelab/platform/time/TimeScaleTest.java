package io.cascadelab.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.cascadelab.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

class TimeScaleTest {

    @Test
    void anIncidentHourLastsAWallMinuteAtSixtyTimes() {
        TimeScale scale = new TimeScale(60);
        assertThat(scale.toWall(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(scale.toIncident(Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aPositiveIncidentDurationNeverRoundsToZeroWallMillis() {
        TimeScale scale = new TimeScale(3600);
        assertThat(scale.wallMillis(Duration.ofMillis(10))).isEqualTo(1);
        assertThat(scale.wallMillis(Duration.ZERO)).isZero();
    }

    @Test
    void refusesScalesThatAreNotPositive() {
        assertThatThrownBy(() -> new TimeScale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeScale(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeScale(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incidentClockRunsScaleTimesFasterThanTheWall() {
        Instant epoch = Instant.parse("2025-10-20T06:48:00Z");
        MutableClock wall = new MutableClock(epoch);
        IncidentClock clock = new IncidentClock(wall, new TimeScale(60), epoch);
        wall.advance(Duration.ofSeconds(90));
        assertThat(clock.sinceEpoch()).isEqualTo(Duration.ofMinutes(90));
        assertThat(clock.now()).isEqualTo(epoch.plus(Duration.ofMinutes(90)));
        assertThat(clock.wallDeadline(Duration.ofMinutes(5))).isEqualTo(wall.instant().plusSeconds(5));
    }
}
