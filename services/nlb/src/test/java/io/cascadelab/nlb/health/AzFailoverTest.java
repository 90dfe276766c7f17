package io.cascadelab.nlb.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.platform.CascadeProperties.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AzFailoverTest {

    static final List<String> AZS = List.of("az1", "az2", "az3");
    static final Instant T0 = Instant.parse("2025-10-20T12:30:00Z");

    static Map<String, Boolean> health(boolean az1, boolean az2, boolean az3) {
        return Map.of("az1", az1, "az2", az2, "az3", az3);
    }

    @Test
    void incidentFailoverRemovesEveryUnhealthyAzAtOnce() {
        AzFailover failover = new AzFailover(Mode.INCIDENT, AZS, Duration.ofMinutes(15), 1, 2);
        assertThat(failover.decide(health(false, false, true), T0)).containsExactly("az1", "az2");
        assertThat(failover.inDnsOrdered()).containsExactly("az3");
        assertThat(failover.decide(health(true, false, true), T0.plusSeconds(5))).isEmpty();
        assertThat(failover.inDnsOrdered()).containsExactly("az1", "az3");
    }

    @Test
    void noHealthyAzFailsOpenToEveryAz() {
        AzFailover failover = new AzFailover(Mode.INCIDENT, AZS, Duration.ofMinutes(15), 1, 2);
        failover.decide(health(false, true, true), T0);
        failover.decide(health(false, false, false), T0.plusSeconds(1));
        assertThat(failover.inDnsOrdered()).containsExactlyElementsOf(AZS);
    }

    @Test
    void fixedFailoverRemovesAtMostTheVelocityLimitPerWindowAndKeepsTwoAzs() {
        AzFailover failover = new AzFailover(Mode.FIXED, AZS, Duration.ofMinutes(15), 1, 2);
        assertThat(failover.decide(health(false, false, true), T0)).containsExactly("az1");
        assertThat(failover.inDnsOrdered()).containsExactly("az2", "az3");
        // az1 recovers and fails again inside the window: back in at once, not removed again
        failover.decide(health(true, false, true), T0.plusSeconds(60));
        assertThat(failover.decide(health(false, true, true), T0.plusSeconds(120))).isEmpty();
        assertThat(failover.inDnsOrdered()).containsExactlyElementsOf(AZS);
        // after the window one more removal is allowed
        assertThat(failover.decide(health(false, true, true), T0.plus(Duration.ofMinutes(16)))).containsExactly("az1");
    }

    @Test
    void fixedFailoverNeverLeavesFewerThanTwoAzsWhateverTheHealthSequence() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 200; run++) {
            AzFailover failover = new AzFailover(Mode.FIXED, AZS, Duration.ofMinutes(15), 1, 2);
            java.util.ArrayDeque<Instant> removals = new java.util.ArrayDeque<>();
            Instant now = T0;
            for (int step = 0; step < 200; step++) {
                now = now.plusSeconds(1 + random.nextInt(120));
                List<String> removed = failover.decide(
                        health(random.nextBoolean(), random.nextBoolean(), random.nextBoolean()), now);
                for (String ignored : removed) {
                    removals.addLast(now);
                }
                final Instant at = now;
                removals.removeIf(r -> !r.plus(Duration.ofMinutes(15)).isAfter(at));
                assertThat(failover.inDns()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(removals).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void disabledFailoverKeepsEveryAzInDns() {
        AzFailover failover = new AzFailover(Mode.INCIDENT, AZS, Duration.ofMinutes(15), 1, 2);
        failover.decide(health(false, false, true), T0);
        failover.setEnabled(false);
        failover.decide(health(false, false, true), T0.plusSeconds(1));
        assertThat(failover.inDnsOrdered()).containsExactlyElementsOf(AZS);
        failover.setEnabled(true);
        assertThat(failover.decide(health(false, false, true), T0.plusSeconds(2))).containsExactly("az1", "az2");
    }
}
