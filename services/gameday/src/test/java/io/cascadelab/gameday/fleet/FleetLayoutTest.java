package io.cascadelab.gameday.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cascadelab.platform.CascadeProperties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every service defaults its peers' addresses to the developer fleet's ports (18xxx, 15xxx, 19xxx). A fleet on
 * other ports — the tests' own, or a user's moved ports — works only if the layout overrides every one of those
 * defaults; a forgotten one silently points an instance at whatever fleet happens to be running on the default
 * port (the enactors once talked to a developer's planner and to nothing in CI).
 */
class FleetLayoutTest {

    private static final Path SERVICES = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern DEFAULT_PORT = Pattern.compile(":1[5-9]\\d{3}\\b");
    private static final Pattern PREFIX = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)");
    private static final Pattern COMPONENT_WITH_ADDRESS =
            Pattern.compile("@DefaultValue\\(\"([^\"]*:1[5-9]\\d{3}[^\"]*)\"\\)\\s+[\\w.<>]+\\s+(\\w+)");

    private final FleetLayout layout = new FleetLayout(TestFleets.fleet(Path.of("/tmp/unused"), Map.of(),
            java.time.Duration.ofSeconds(1)));

    @Test
    void serviceArgumentsReachEveryInstanceOfThatServiceLastAndNoOther() {
        FleetLayout tuned = new FleetLayout(TestFleets.fleet(Path.of("/tmp/unused"), Map.of(), Duration.ofSeconds(1),
                Map.of("dwfm", List.of("--cascade.dwfm.workers=6"))));
        assertThat(tuned.instances()).filteredOn(instance -> instance.service().equals("dwfm")).hasSize(3)
                .allSatisfy(instance -> assertThat(instance.args()).endsWith("--cascade.dwfm.workers=6"));
        assertThat(tuned.instances()).filteredOn(instance -> !instance.service().equals("dwfm"))
                .allSatisfy(instance -> assertThat(instance.args()).doesNotContain("--cascade.dwfm.workers=6"));
        assertThatThrownBy(() -> TestFleets.fleet(Path.of("/tmp/unused"), Map.of(), Duration.ofSeconds(1),
                Map.of("dwfm", List.of("workers=6")))).hasMessageContaining("service-arguments.dwfm must be --name=value");
    }

    @Test
    void everyAddressAServiceDefaultsToIsOverriddenForEveryInstanceOfIt() throws IOException {
        CascadeProperties run = TestFleets.run();
        int checked = 0;
        for (InstanceSpec instance : layout.instances()) {
            List<String> args = layout.commonArgs(instance, run, "token", 1, Instant.EPOCH);
            List<String> defaults = addressDefaults(instance.service());
            for (String property : defaults) {
                assertThat(args).as("%s must be told %s", instance.name(), property)
                        .anyMatch(arg -> arg.startsWith("--" + property + "="));
                checked++;
            }
            assertThat(args).as("%s is started on the test ports only", instance.name())
                    .noneMatch(arg -> DEFAULT_PORT.matcher(arg).find());
        }
        // the scan found the properties it exists for (a broken scan would pass every fleet)
        assertThat(addressDefaults("dns-enactor")).contains("cascade.enactor.planner-url", "cascade.enactor.zone-api");
        assertThat(addressDefaults("gateway")).contains("cascade.gateway.droplets-url", "cascade.gateway.dwfm-urls.az1");
        assertThat(addressDefaults("zone")).contains("spring.datasource.url");
        assertThat(checked).isGreaterThan(20);
    }

    /** Properties of {@code service} whose default carries a developer-fleet port, from its sources. */
    private static List<String> addressDefaults(String service) throws IOException {
        List<String> properties = new ArrayList<>();
        Path main = SERVICES.resolve(service).resolve("src/main");
        try (Stream<Path> files = Files.walk(main.resolve("java"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Properties.java")).toList()) {
                String source = Files.readString(file);
                Matcher prefix = PREFIX.matcher(source);
                if (!prefix.find()) {
                    continue;
                }
                Matcher component = COMPONENT_WITH_ADDRESS.matcher(source);
                while (component.find()) {
                    properties.add(prefix.group(1) + "." + kebab(component.group(2)));
                }
            }
        }
        Path yml = main.resolve("resources/application.yml");
        if (Files.exists(yml)) {
            try (InputStream in = Files.newInputStream(yml)) {
                for (Object document : new Yaml().loadAll(in)) {
                    flatten("", document, properties);
                }
            }
        }
        return properties;
    }

    private static void flatten(String key, Object value, List<String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(key.isEmpty() ? k.toString() : key + "." + k, v, into));
        } else if (value instanceof String text && DEFAULT_PORT.matcher(text).find()) {
            into.add(key);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
