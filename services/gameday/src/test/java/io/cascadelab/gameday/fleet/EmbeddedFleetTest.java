package io.cascadelab.gameday.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the embedded fleet refuses to start, and that it then leaves nothing running. A fleet that does start
 * is checked in {@code run.GameDayEndToEndTest}, on the fleet its game day runs on (see {@link FleetChecks}).
 */
class EmbeddedFleetTest {

    @TempDir
    Path stateDir;

    @Test
    void aServiceThatCannotStartStopsEverythingAndNamesItsLog() {
        // A heap too small for the JVM to start: the zone process exits at once.
        FleetSupervisor supervisor = new FleetSupervisor(
                TestFleets.fleet(stateDir, Map.of("zone", "1k"), Duration.ofSeconds(60)), TestFleets.run(),
                Clock.systemUTC(), "test-token");
        assertThatThrownBy(supervisor::start)
                .isInstanceOf(FleetSupervisor.FleetStartException.class)
                .hasMessageContaining("zone exited during start-up")
                .hasMessageContaining(stateDir.resolve("logs").resolve("zone.log").toString());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        assertThat(stateDir.resolve("fleet-error")).exists();
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(28053, 1, InetAddress.getByName("127.0.0.1"))) {
            FleetSupervisor supervisor = new FleetSupervisor(TestFleets.fleet(stateDir, Map.of(), Duration.ofSeconds(5)),
                    TestFleets.run(), Clock.systemUTC(), "test-token");
            assertThatThrownBy(supervisor::start)
                    .hasMessage("port 127.0.0.1:28053 (zone) is already in use; is another fleet running? try ./cascade down");
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        }
    }
}
