package io.cascadelab.gameday.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsSamplesWithLabelsAndSkipsComments() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP cascade_dwfm_leases Leases
                # TYPE cascade_dwfm_leases gauge
                cascade_dwfm_leases{az="az1",instance="dwfm-az1",state="active"} 190.0
                cascade_dwfm_leases{az="az1",instance="dwfm-az1",state="expired"} 10.0
                process_uptime_seconds 12.5
                weird{path="a\\"b,c"} +Inf
                broken{az="az1" 3
                """);
        assertThat(samples).hasSize(4);
        assertThat(samples.get(0)).isEqualTo(new PrometheusText.Sample("cascade_dwfm_leases",
                Map.of("az", "az1", "instance", "dwfm-az1", "state", "active"), 190.0));
        assertThat(samples.get(2).labels()).isEmpty();
        assertThat(samples.get(2).value()).isEqualTo(12.5);
        assertThat(samples.get(3).labels()).containsEntry("path", "a\"b,c");
        assertThat(samples.get(3).value()).isInfinite();
    }

    @Test
    void countersBecomeRatesAndARestartCountsFromZero() {
        java.util.concurrent.atomic.AtomicReference<String> text = new java.util.concurrent.atomic.AtomicReference<>(
                "cascade_dwfm_lease_work_total{outcome=\"completed\"} 10\n");
        SignalSampler sampler = new SignalSampler(() -> Map.of("dwfm-az1", PrometheusText.parse(text.get())),
                () -> 3, (target, outcome) -> 0);
        sampler.sample(1);
        text.set("cascade_dwfm_lease_work_total{outcome=\"completed\"} 40\n");
        assertThat(sampler.sample(2).get("dwfmGoodput")).isEqualTo(15.0);
        text.set("cascade_dwfm_lease_work_total{outcome=\"completed\"} 4\n");
        assertThat(sampler.sample(1).get("dwfmGoodput")).isEqualTo(4.0);
        assertThat(sampler.sample(1).get("leasesActive")).isNaN();
    }
}
