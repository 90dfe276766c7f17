package io.cascadelab.gameday.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.cascadelab.gameday.run.SignalNames;
import org.junit.jupiter.api.Test;

class SignalSamplerTest {

    /**
     * All flips (a rate) and flips out of service (a count) read the same counter series. Each must see the
     * series' whole increase: when the first read consumed it, flapping was never detected in a game day.
     */
    @Test
    void twoSignalsOnOneCounterEachSeeItsWholeIncrease() {
        AtomicReference<String> scrape = new AtomicReference<>(flips(4, 1));
        SignalSampler sampler = new SignalSampler(() -> Map.of("nlb", PrometheusText.parse(scrape.get())),
                () -> 3, (target, outcome) -> 0);
        Map<String, Double> first = sampler.sample(1);
        assertThat(first.get(SignalSampler.FLIPS_OUT)).as("nothing to compare with yet").isZero();

        scrape.set(flips(9, 3)); // five more out, two more in, over two incident minutes
        Map<String, Double> second = sampler.sample(2);
        assertThat(second.get(SignalSampler.FLIPS_OUT)).isEqualTo(5);
        assertThat(second.get(SignalNames.HEALTH_FLIPS)).isEqualTo(3.5);

        Map<String, Double> third = sampler.sample(1);
        assertThat(third.get(SignalSampler.FLIPS_OUT)).isZero();
        assertThat(third.get(SignalNames.HEALTH_FLIPS)).isZero();
    }

    private static String flips(int out, int in) {
        return "cascade_nlb_health_flips_total{az=\"az1\",instance=\"nlb\",to=\"out_of_service\"} " + out + ".0\n"
                + "cascade_nlb_health_flips_total{az=\"az1\",instance=\"nlb\",to=\"in_service\"} " + in + ".0\n";
    }
}
