package io.cascadelab.droplets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.cascadelab.droplets.fleet.Droplet;
import io.cascadelab.droplets.fleet.Fleet;
import io.cascadelab.droplets.fleet.Hardware;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.time.TimeScale;
import org.junit.jupiter.api.Test;

class FleetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-10-20T06:48:00Z"));
    private final TimeScale scale = new TimeScale(60);

    @Test
    void bootLeasesAreHeldByTheAzsDwfmAndExpireByTheIncidentClock() {
        Fleet fleet = new Fleet(List.of("az1", "az2"), 10, 4, 0.3, "dwfm-", Duration.ofMinutes(30),
                new SplittableRandom(1), clock, scale);
        Droplet droplet = fleet.inAz("az2").get(0);
        assertThat(droplet.id()).isEqualTo("d-az2-00001");
        assertThat(droplet.lease(fleet.now()).holder()).isEqualTo("dwfm-az2");
        // 30 incident minutes at 60x is 30 wall seconds: every boot lease is gone after that.
        clock.advance(Duration.ofSeconds(31));
        assertThat(fleet.inAz("az1")).noneMatch(d -> d.leased(fleet.now()));
        assertThat(fleet.renew(droplet, "dwfm-az2", "boot-" + droplet.id(), Duration.ofMinutes(30)))
                .as("an expired lease cannot be renewed").isFalse();
        fleet.establish(droplet, "dwfm-az2", "L2", Duration.ofMinutes(30));
        assertThat(fleet.renew(droplet, "dwfm-az2", "L1", Duration.ofMinutes(30))).isFalse();
        assertThat(fleet.renew(droplet, "dwfm-az2", "L2", Duration.ofMinutes(30))).isTrue();
        assertThat(fleet.host(droplet, "i-1", "app")).isEqualTo(Fleet.HostResult.HOSTED);
        assertThat(fleet.host(fleet.inAz("az1").get(0), "i-2", "app")).isEqualTo(Fleet.HostResult.NO_ACTIVE_LEASE);
    }

    @Test
    void theSameSeedBuildsTheSameHardware() {
        Fleet a = new Fleet(List.of("az1"), 50, 4, 0.3, "dwfm-", Duration.ofMinutes(30), new SplittableRandom(9), clock, scale);
        Fleet b = new Fleet(List.of("az1"), 50, 4, 0.3, "dwfm-", Duration.ofMinutes(30), new SplittableRandom(9), clock, scale);
        assertThat(a.inAz("az1").stream().map(d -> d.lease(clock.millis()).expiresAtMillis()).toList())
                .isEqualTo(b.inAz("az1").stream().map(d -> d.lease(clock.millis()).expiresAtMillis()).toList());
    }

    /**
     * No droplet is so slow that establishing a lease alone outlasts DWFM's 2-minute attempt timeout (60 s median):
     * such a droplet could never be leased in incident mode. Untruncated, 30,000 droplets at spread 0.3 would have
     * about 4,000 beyond 1.5 sigma (2,000 of them slower) and a slowest near 3.3x.
     */
    @Test
    void dropletSpeedsStayWithinTheirLimit() {
        Fleet fleet = new Fleet(List.of("az1", "az2", "az3"), 10_000, 2, 0.3, "dwfm-", Duration.ofMinutes(30),
                new SplittableRandom(1), clock, scale);
        List<Double> speeds = fleet.azs().stream().flatMap(az -> fleet.inAz(az).stream()).map(Droplet::speed).toList();
        assertThat(speeds).allSatisfy(speed -> assertThat(speed).isBetween(Math.exp(-0.45), Math.exp(0.45)));
        assertThat(speeds.stream().mapToDouble(Double::doubleValue).max().orElseThrow() * 60)
                .as("slowest establishment, incident seconds").isLessThan(100).isGreaterThan(90);
    }

    @Test
    void anAzServesOnlyItsCapacityAtOnceAndTheRestWait() throws Exception {
        Fleet fleet = new Fleet(List.of("az1"), 3, 4, 0, "dwfm-", Duration.ofMinutes(30), new SplittableRandom(1),
                clock, scale);
        // Establishing takes 60 incident seconds = 1 wall second; one slot in the AZ.
        Hardware hardware = new Hardware(scale, Map.of(Hardware.Work.ESTABLISH, Duration.ofSeconds(60)), 1);
        CountDownLatch done = new CountDownLatch(3);
        for (Droplet droplet : fleet.inAz("az1")) {
            new Thread(() -> {
                try {
                    hardware.serve(droplet, Hardware.Work.ESTABLISH);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            }).start();
        }
        Thread.sleep(300);
        assertThat(hardware.busy("az1")).isEqualTo(1);
        assertThat(hardware.waiting("az1")).isEqualTo(2);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hardware.busy("az1")).isZero();
    }
}
