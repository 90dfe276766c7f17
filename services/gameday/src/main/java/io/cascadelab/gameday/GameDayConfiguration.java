package io.cascadelab.gameday;

import java.time.Clock;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetProperties;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.probe.DnsProber;
import io.cascadelab.gameday.runbook.RunbookExecutor;
import io.cascadelab.gameday.run.GameDayService;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.ScaledScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GameDayConfiguration {

    @Bean
    LocalChaosRunner localChaosRunner(FleetSupervisor supervisor, Clock wallClock, SeededRandoms randoms) {
        return new LocalChaosRunner(supervisor.layout(), supervisor.faultToken(), wallClock,
                randoms.forComponent("gameday/chaos"), supervisor::kill);
    }

    @Bean
    RunbookExecutor runbookExecutor(FleetSupervisor supervisor, LocalChaosRunner chaos, MeterRegistry registry) {
        return new RunbookExecutor(supervisor, chaos, registry);
    }

    @Bean(destroyMethod = "close")
    GameDayService gameDayService(FleetSupervisor supervisor, GameDayProperties properties, CascadeProperties run,
                                  LocalChaosRunner chaos, RunbookExecutor runbooks, DnsProber prober,
                                  MeterRegistry registry, SeededRandoms randoms, Clock wallClock) {
        return new GameDayService(supervisor, properties.fleet(), run, chaos, runbooks, prober, registry, randoms,
                wallClock);
    }

    @Bean
    DnsProber dnsProber(GameDayProperties properties, FleetSupervisor supervisor, CascadeProperties run,
                        ScaledScheduler scheduler, MeterRegistry registry) {
        FleetProperties fleet = properties.fleet();
        GameDayProperties.Probe probe = properties.probe();
        DnsProber prober = new DnsProber(supervisor.layout().dnsServer(run), probe.timeout(), probe.endpoints(),
                registry);
        // a fleet elsewhere (a cluster) is probed too: its alerts and dashboards read the prober's answers
        if (probe.enabled() && (fleet.enabled() || fleet.external())) {
            scheduler.every(probe.period(), "dns-probe", prober::probeAll);
        }
        return prober;
    }
}
