package io.cascadelab.enactor.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cascadelab.enactor.DnsEnactorApplication;
import io.cascadelab.enactor.apply.Enactor;
import io.cascadelab.platform.fault.Fault;
import io.cascadelab.platform.fault.FaultHook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Three enactor applications (az1..az3) in this JVM, each with its own context, fault hook and meters. */
final class Enactors implements AutoCloseable {

    final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    Enactors(Fleet fleet, String mode, long seed, String... extraProperties) {
        for (int i = 1; i <= 3; i++) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--spring.jmx.enabled=false",
                    "--cascade.instance=dns-enactor-az" + i,
                    "--cascade.az=az" + i,
                    "--cascade.mode=" + mode,
                    "--cascade.seed=" + seed,
                    "--cascade.time-scale=60",
                    "--cascade.faults.token=" + Fleet.TOKEN,
                    "--cascade.dns.server=127.0.0.1:" + fleet.zoneDnsPort,
                    "--cascade.dns.zone-name=" + Fleet.ZONE,
                    "--cascade.enactor.zone-api=" + fleet.zoneApi(),
                    "--cascade.enactor.planner-url=" + fleet.plannerUrl(),
                    "--logging.structured.format.console=",
                    "--logging.level.root=WARN",
                    "--logging.level.io.cascadelab.enactor.cleanup=INFO"));
            args.addAll(List.of(extraProperties));
            contexts.add(new SpringApplicationBuilder(DnsEnactorApplication.class).run(args.toArray(String[]::new)));
        }
    }

    Enactor enactor(int az) {
        return contexts.get(az - 1).getBean(Enactor.class);
    }

    int port(int az) {
        return ((WebServerApplicationContext) contexts.get(az - 1)).getWebServer().getPort();
    }

    /** What a Chaos Mesh NetworkChaos delay on this enactor's pod does: every outgoing request waits. */
    void delayEgress(int az, Duration latency, Duration jitter) {
        contexts.get(az - 1).getBean(FaultHook.class).install(new Fault("enactor-latency",
                new Fault.Egress(List.of(), latency, jitter, 0.0, 0.0, 0.0), null, null,
                Instant.now().plus(Duration.ofMinutes(30))));
    }

    /** Passes by outcome with their mean wall time, and retries, from the enactor's own meters. */
    String passSummary(int az) {
        MeterRegistry registry = contexts.get(az - 1).getBean(MeterRegistry.class);
        StringBuilder text = new StringBuilder("az" + az + ":");
        for (Timer timer : registry.find("cascade.dns.enactor.apply.duration").timers()) {
            text.append(' ').append(timer.getId().getTag("outcome")).append('=').append(timer.count())
                    .append(String.format(" (mean %.0f ms)", timer.mean(TimeUnit.MILLISECONDS)));
        }
        double retries = registry.find("cascade.dns.enactor.retries").counters().stream().mapToDouble(c -> c.count()).sum();
        double inconsistent = registry.find("cascade.dns.enactor.endpoints.inconsistent").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        return text.append(String.format(" retries=%.0f inconsistent=%.0f", retries, inconsistent)).toString();
    }

    void clearFaults(int az) {
        contexts.get(az - 1).getBean(FaultHook.class).clear();
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }
}
