package io.cascadelab.droplets;

import java.time.Clock;
import java.util.Map;

import io.cascadelab.droplets.fleet.Fleet;
import io.cascadelab.droplets.fleet.Hardware;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DropletsConfiguration {

    @Bean
    Fleet fleet(DropletsProperties properties, SeededRandoms randoms, Clock wallClock, TimeScale scale,
                MeterRegistry registry) {
        Fleet fleet = new Fleet(properties.azs(), properties.perAz(), properties.slots(), properties.spread(),
                properties.initialHolder(), properties.initialLease(), randoms.forComponent("droplets/fleet"),
                wallClock, scale);
        for (String az : fleet.azs()) {
            Gauge.builder("cascade.droplets.leases", fleet, f -> f.inAz(az).stream().filter(d -> d.leased(f.now())).count())
                    .description("Droplets with a live lease, as the droplets see it").tag("az", az).tag("state", "active")
                    .register(registry);
            Gauge.builder("cascade.droplets.leases", fleet, f -> f.inAz(az).stream().filter(d -> !d.leased(f.now())).count())
                    .description("Droplets with a live lease, as the droplets see it").tag("az", az).tag("state", "expired")
                    .register(registry);
            Gauge.builder("cascade.droplets.instances", fleet, f -> f.instances().stream()
                            .filter(i -> i.az().equals(az) && i.networked()).count())
                    .description("Instances hosted").tag("az", az).tag("state", "running").register(registry);
            Gauge.builder("cascade.droplets.instances", fleet, f -> f.instances().stream()
                            .filter(i -> i.az().equals(az) && !i.networked()).count())
                    .description("Instances hosted").tag("az", az).tag("state", "pending").register(registry);
        }
        return fleet;
    }

    @Bean
    Hardware hardware(DropletsProperties properties, TimeScale scale, MeterRegistry registry, Fleet fleet) {
        Hardware hardware = new Hardware(scale, Map.of(Hardware.Work.CHECK_IN, properties.checkInTime(),
                Hardware.Work.ESTABLISH, properties.establishTime(), Hardware.Work.NETWORK, properties.networkTime()),
                properties.concurrencyPerAz());
        for (String az : fleet.azs()) {
            Gauge.builder("cascade.droplets.busy", hardware, h -> h.busy(az))
                    .description("Requests the AZ's droplets are serving").tag("az", az).register(registry);
            Gauge.builder("cascade.droplets.waiting", hardware, h -> h.waiting(az))
                    .description("Requests waiting for the AZ's droplets").tag("az", az).register(registry);
        }
        return hardware;
    }
}
