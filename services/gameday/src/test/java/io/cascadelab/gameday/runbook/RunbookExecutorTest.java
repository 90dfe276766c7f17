package io.cascadelab.gameday.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.gameday.GameDayProperties;
import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetProperties;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.fleet.TestFleets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class RunbookExecutorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyRunbookAndOutcomeIsCountedFromZeroBeforeItsFirstAction() {
        executor(Map.of());

        Collection<Counter> counters = registry.find("cascade.runbook.actions").counters();
        assertThat(counters).extracting(c -> c.getId().getTag("runbook") + " " + c.getId().getTag("outcome"))
                .hasSize(Runbook.ALL.size() * 2)
                .contains("restore-dns ok", "restore-dns failed", "dwfm-restart ok", "nlb-failover failed");
        assertThat(counters).allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void restartingHostsOfAFleetRunElsewhereIsRefusedWithWhatToDoThereAndCallsNothing() throws Exception {
        // what the Helm chart passes to gameday: Kubernetes runs the fleet
        RunbookExecutor executor = executor(Map.of("cascade.gameday.fleet.enabled", "false",
                "cascade.gameday.fleet.instance-url", "http://cascade-{instance}:{port}"));
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new RunbookController(executor)).build();

        mvc.perform(post("/runbook/dwfm-restart")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.runbook").value("dwfm-restart"))
                .andExpect(jsonPath("$.error").value(Matchers.containsString(
                        "kubectl -n cascade delete pod -l app.kubernetes.io/name=cascade,app.kubernetes.io/component=dwfm")))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("PodChaos")))
                .andExpect(jsonPath("$.error").value(Matchers.containsString(
                        "docker-compose restart dwfm-az1 dwfm-az2 dwfm-az3")));
        assertThat(registry.find("cascade.runbook.actions").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    private RunbookExecutor executor(Map<String, String> properties) {
        FleetProperties fleet = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("cascade.gameday", GameDayProperties.class).fleet();
        FleetSupervisor supervisor = new FleetSupervisor(fleet, TestFleets.run(), Clock.systemUTC(), "token");
        LocalChaosRunner chaos = new LocalChaosRunner(supervisor.layout(), "token", Clock.systemUTC(),
                new SplittableRandom(1), name -> { });
        return new RunbookExecutor(supervisor, chaos, registry);
    }
}
