package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart and compose talk to the services only through properties, and Spring Boot ignores a property nobody
 * declares: a misspelt or invented one ({@code cascade.dynamo.advertised-host} once) renders, lints and deploys,
 * and the service silently runs on its default — a loopback address on a cluster. So every {@code --cascade.*},
 * {@code --spring.*} and {@code --server.*} argument and every {@code CASCADE_*}/{@code SPRING_*} variable must name
 * a property its service declares ({@link DeclaredProperties}: its records, platform's, its application.yml), and
 * every property a service defaults to the developer fleet's loopback addresses must be set.
 */
class ServicePropertiesTest {

    /** A default that only means something on the machine running {@code ./cascade up}. */
    static final Pattern DEVELOPER_FLEET = Pattern.compile("127\\.0\\.|localhost|:1[5-9]\\d{3}\\b");

    static final Map<String, DeclaredProperties> DECLARED = new HashMap<>();
    static RenderedChart incident;
    static RenderedChart fixed;

    @BeforeAll
    static void render() {
        incident = RenderedChart.render(Map.of());
        fixed = RenderedChart.render(Map.of("mode", "fixed", "services.dynamo.nodes", "5"));
    }

    @Test
    void everyPropertyTheChartPassesIsOneItsServiceDeclares() {
        List<String> undeclared = new ArrayList<>();
        for (RenderedChart chart : List.of(incident, fixed)) {
            chart.fleet().forEach((instance, deployment) -> {
                DeclaredProperties declared = declared(deployment);
                Container container = RenderedChart.container(deployment);
                for (String property : properties(container.getArgs()).keySet()) {
                    if (!declared.declares(property)) {
                        undeclared.add(instance + ": --" + property);
                    }
                }
                for (EnvVar env : container.getEnv()) {
                    if (bindable(env.getName()) && !declared.declaresEnvironment(env.getName())) {
                        undeclared.add(instance + ": $" + env.getName());
                    }
                }
            });
        }
        assertThat(undeclared).as("passed by the chart, read by no code of the service").isEmpty();
        // the infrastructure's containers are no Cascade service: none of them is told a Cascade property
        List<String> infrastructure = new ArrayList<>();
        for (Deployment deployment : incident.all(Deployment.class)) {
            if (incident.fleet().containsValue(deployment)) {
                continue;
            }
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                infrastructure.add(container.getName());
                assertThat(properties(container.getArgs())).as(container.getName()).isEmpty();
            }
        }
        assertThat(infrastructure).contains("kafka", "coredns");
    }

    @Test
    void everyAddressAServiceDefaultsToTheDeveloperFleetIsSetByTheChart() {
        List<String> unset = new ArrayList<>();
        incident.fleet().forEach((instance, deployment) -> {
            Container container = RenderedChart.container(deployment);
            List<String> env = container.getEnv().stream().map(EnvVar::getName).toList();
            unset.addAll(unset(instance, declared(deployment), properties(container.getArgs()), env));
        });
        assertThat(unset).as("left at a loopback default, so the instance would talk to itself on a cluster").isEmpty();
    }

    @Test
    void dynamoNodesAnnounceTheirPodIpAndTheEnactorsFindTheirPeers() {
        Map<String, String> dynamo = properties(RenderedChart.container(incident.fleet().get("dynamo-2")).getArgs());
        assertThat(dynamo).containsEntry("cascade.dynamo.node.address", "$(POD_IP)")
                .containsEntry("cascade.dynamo.node.ipv6-address", "::ffff:$(POD_IP)");
        assertThat(RenderedChart.container(incident.fleet().get("dynamo-2")).getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("POD_IP");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });
        assertThat(properties(RenderedChart.container(incident.fleet().get("dns-enactor-az1")).getArgs()))
                .containsEntry("cascade.enactor.planner-url", "http://cascade-dns-planner:18060")
                .containsEntry("cascade.enactor.zone-api", "http://cascade-zone:18053");
        assertThat(properties(RenderedChart.container(incident.fleet().get("gateway")).getArgs()))
                .containsEntry("cascade.gateway.dwfm-urls.az3", "http://cascade-dwfm-az3:18073");
        assertThat(properties(RenderedChart.container(fixed.fleet().get("gameday")).getArgs()))
                .containsEntry("cascade.gameday.fleet.instance-url", "http://cascade-{instance}:{port}")
                .containsEntry("cascade.gameday.fleet.dynamo-nodes", "5");
    }

    @Test
    void composePassesOnlyDeclaredPropertiesAndEveryPeerAddress() throws Exception {
        Tools.Result config = ComposeTest.compose(ComposeTest.EPOCH, "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(config.output()).path("services");
        List<String> problems = new ArrayList<>();
        services.fieldNames().forEachRemaining(instance -> {
            JsonNode service = services.path(instance);
            String component = service.path("labels").path("app.kubernetes.io/component").asText();
            if (!service.path("labels").has("cascade.io/instance")) {
                return;
            }
            DeclaredProperties declared = DECLARED.computeIfAbsent(component, DeclaredProperties::of);
            List<String> args = new ArrayList<>();
            service.path("command").forEach(arg -> args.add(arg.asText()));
            Map<String, String> properties = properties(args);
            properties.keySet().stream().filter(p -> !declared.declares(p))
                    .forEach(p -> problems.add(instance + ": --" + p + " is read by no code of " + component));
            List<String> env = new ArrayList<>();
            service.path("environment").fieldNames().forEachRemaining(env::add);
            // CASCADE_* only: compose gives every container the same SPRING_* block (Kafka, database user)
            env.stream().filter(name -> name.startsWith("CASCADE_") && !declared.declaresEnvironment(name))
                    .forEach(name -> problems.add(instance + ": $" + name + " is read by no code of " + component));
            unset(instance, declared, properties, env).forEach(p -> problems.add(p + " (compose)"));
        });
        assertThat(problems).isEmpty();
    }

    /** The scan finds what it exists for; a scan that found nothing would pass every chart. */
    @Test
    void scanReadsRecordsNestedRecordsMapsPlatformAndApplicationYml() {
        DeclaredProperties dynamo = DeclaredProperties.of("dynamo");
        assertThat(dynamo.declares("cascade.dynamo.node.address")).isTrue();
        assertThat(dynamo.declares("cascade.dynamo.node.id")).isTrue();
        assertThat(dynamo.declares("cascade.dynamo.capacity.max-in-flight")).isTrue();
        assertThat(dynamo.declares("cascade.dynamo.advertised-host")).as("never declared").isFalse();
        assertThat(dynamo.declares("cascade.dynamo.node-id")).as("never declared").isFalse();
        assertThat(dynamo.declares("spring.datasource.url")).isTrue();

        DeclaredProperties gameday = DeclaredProperties.of("gameday");
        assertThat(gameday.declares("cascade.gameday.fleet.ports.enactor-base")).as("a record in another file").isTrue();
        assertThat(gameday.declares("cascade.gameday.fleet.instance-url")).isTrue();
        assertThat(gameday.declares("cascade.gameday.fleet.heap.zone")).as("a Map component").isTrue();
        assertThat(gameday.declares("cascade.gameday.probe.endpoints")).isTrue();
        assertThat(gameday.declares("cascade.time-scale")).as("platform's CascadeProperties").isTrue();

        DeclaredProperties zone = DeclaredProperties.of("zone");
        assertThat(zone.declares("cascade.zone.dns.udp-threads")).isTrue();
        assertThat(zone.declares("cascade.dns.zone-name")).isTrue();
        assertThat(zone.declares("cascade.zone.dns.zone-name")).as("Dns of ZoneProperties, not of CascadeProperties")
                .isFalse();

        assertThat(DeclaredProperties.of("gateway").declares("cascade.gateway.dwfm-urls.az1")).isTrue();
        assertThat(DeclaredProperties.of("dns-enactor").declares("spring.kafka.bootstrap-servers"))
                .as("no Kafka client in the enactor").isFalse();
        assertThat(DeclaredProperties.of("nlb").declares("spring.kafka.bootstrap-servers")).isTrue();
        assertThat(DeclaredProperties.of("droplets").declaresEnvironment("CASCADE_CREDENTIALS_SECRETACCESSKEY")).isTrue();
        assertThat(DeclaredProperties.of("droplets").declaresEnvironment("CASCADE_DROPLETS_ADDRESS")).isFalse();
        assertThat(DeclaredProperties.of("nlb").defaultsMatching(DEVELOPER_FLEET))
                .containsKeys("cascade.nlb.droplets-url", "cascade.nlb.zone-url", "cascade.nlb.node-addresses");
        assertThat(DeclaredProperties.of("dwfm").defaultsMatching(DEVELOPER_FLEET))
                .containsKeys("cascade.dwfm.droplets-url", "cascade.dwfm.dynamo-endpoint", "cascade.dns.server");
    }

    /** Properties with a developer-fleet default that {@code args} and {@code env} leave at that default. */
    private static List<String> unset(String instance, DeclaredProperties declared, Map<String, String> args,
                                      List<String> env) {
        List<String> unset = new ArrayList<>();
        declared.defaultsMatching(DEVELOPER_FLEET).forEach((property, value) -> {
            boolean set = args.containsKey(property)
                    || env.stream().anyMatch(name -> name.equals(property.replace("-", "").replace('.', '_')
                    .toUpperCase(java.util.Locale.ROOT)));
            // a group switched off (zone's embedded DNS server where CoreDNS serves the zone) needs no address
            boolean switchedOff = args.entrySet().stream().anyMatch(arg -> arg.getKey().endsWith(".enabled")
                    && arg.getValue().equals("false")
                    && property.startsWith(arg.getKey().substring(0, arg.getKey().length() - "enabled".length())));
            if (!set && !switchedOff) {
                unset.add(instance + ": " + property + " (default " + value + ")");
            }
        });
        return unset;
    }

    /** {@code --name=value} arguments by name (cascade.*, spring.*, server.*). */
    static Map<String, String> properties(List<String> args) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                String name = arg.substring(2, equals);
                if (name.startsWith("cascade.") || name.startsWith("spring.") || name.startsWith("server.")) {
                    properties.put(name, arg.substring(equals + 1));
                }
            }
        }
        return properties;
    }

    private static boolean bindable(String variable) {
        return variable.startsWith("CASCADE_") || variable.startsWith("SPRING_");
    }

    private static DeclaredProperties declared(Deployment deployment) {
        String service = RenderedChart.podLabels(deployment.getSpec().getTemplate()).get("app.kubernetes.io/component");
        return DECLARED.computeIfAbsent(service, DeclaredProperties::of);
    }
}
