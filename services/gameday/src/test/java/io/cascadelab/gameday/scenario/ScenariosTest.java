package io.cascadelab.gameday.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ScenariosTest {

    private final Scenarios scenarios = new Scenarios(Path.of("../../chaos"));

    @Test
    void everyShippedScenarioLoadsAndNamesRealManifestsAndRunbooks() {
        assertThat(scenarios.names()).contains("us-east-1-2025", "dns-race", "lease-collapse", "nlb-flap");
        for (String name : scenarios.names()) {
            Scenario scenario = scenarios.load(name);
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(scenario.chaos()).as(name).isNotEmpty();
            scenario.chaos().forEach(step -> assertThat(scenarios.manifest(step.manifest())).contains("chaos-mesh.org"));
        }
        Scenario full = scenarios.load("us-east-1-2025");
        assertThat(full.t0()).isEqualTo("dns.regional.empty");
        assertThat(full.operator().get(0).runbook()).isEqualTo("restore-dns");
        assertThat(full.operator().get(0).at()).isEqualTo(Duration.ofHours(2).plusMinutes(37));
        assertThat(full.phases()).hasSize(7);
    }

    @Test
    void badScenariosAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> scenarios.load("nope")).hasMessageContaining("unknown scenario 'nope'");
        assertThatThrownBy(() -> scenarios.load("../etc")).hasMessageContaining("invalid scenario name");
        assertThatThrownBy(() -> scenarios.parse("name: x\nchaos:\n  - manifest: missing.yaml\n", "x.yaml"))
                .hasMessageContaining("chaos manifest missing.yaml not found");
        assertThatThrownBy(() -> scenarios.parse("name: x\noperator:\n  - at: 1h\n    runbook: reboot-aws\n", "x.yaml"))
                .hasMessageContaining("unknown runbook reboot-aws");
        assertThatThrownBy(() -> scenarios.parse("name: x\noperator:\n  - at: soon\n    runbook: restore-dns\n", "x.yaml"))
                .hasMessageContaining("invalid duration 'soon'");
        assertThatThrownBy(() -> scenarios.parse("name: x\noperator:\n  - at: 1h\n    runbook: dwfm-throttle\n", "x.yaml"))
                .hasMessageContaining("needs an argument");
    }
}
