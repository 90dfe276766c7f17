package io.cascadelab.gameday.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.cascadelab.platform.CascadeProperties;

/** Fleet settings for tests: ports well away from a developer's running fleet, state in a temp dir. */
public final class TestFleets {

    private TestFleets() {
    }

    public static FleetProperties fleet(Path stateDir, Map<String, String> heap, Duration readyTimeout) {
        return fleet(stateDir, heap, readyTimeout, Map.of());
    }

    public static FleetProperties fleet(Path stateDir, Map<String, String> heap, Duration readyTimeout,
                                        Map<String, java.util.List<String>> serviceArguments) {
        FleetProperties.Ports ports = new FleetProperties.Ports(28080, 28081, 28053, 25353, 28060, 28061, 28000,
                28070, 28071, 28074, 28075, 28076, 29092, 29093, 25432);
        return new FleetProperties(true, Path.of("../..").toAbsolutePath().normalize(), stateDir, true, readyTimeout,
                Duration.ofSeconds(10), 4,
                "-Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError", heap, "cascade.test",
                "dynamodb.us-east-1.cascade.test", 3, ports, "", serviceArguments, "");
    }

    public static CascadeProperties run() {
        return run(CascadeProperties.Mode.INCIDENT, 7, 60);
    }

    public static CascadeProperties run(CascadeProperties.Mode mode, long seed, double timeScale) {
        return new CascadeProperties("gameday", "", mode, seed, timeScale, null,
                new CascadeProperties.Dns("127.0.0.1:25353", "cascade.test", Duration.ofSeconds(1)),
                new CascadeProperties.Faults(""),
                new CascadeProperties.Credentials("AKIACASCADELOCAL0001", "cascade-local-secret-key"), 0);
    }
}
