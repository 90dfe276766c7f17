package io.cascadelab.gameday.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the embedded fleet is laid out on this machine ({@code cascade.gameday.fleet.*}). Ports are declared here once; everything else
 * (the launcher script, endpoints, tests) reads them from the running fleet.
 *
 * @param enabled       start the fleet when gameday starts (the {@code ./cascade} launcher sets it)
 * @param home          the Cascade checkout, where the built jars are
 * @param stateDir      where data, logs and pid files go
 * @param fresh         wipe PostgreSQL and Kafka data at start, so every game day begins from the same state
 * @param readyTimeout  how long an instance may take to become ready (wall time)
 * @param stopTimeout   how long an instance may take to stop before it is killed (wall time)
 * @param startParallelism how many JVMs start at once; more only thrashes two cores
 * @param jvmOptions    options for every service JVM (bounded heaps)
 * @param heap          per-service maximum heap (96m unless set here or in {@link #DEFAULT_HEAPS})
 * @param zoneName      the simulated hosted zone
 * @param dynamoName    the regional DynamoDB endpoint name clients resolve
 * @param dynamoNodes   how many DynamoDB load-balancer nodes (one per AZ, round robin)
 * @param ports         every port, declared once
 * @param instanceUrl   where the instances are when this gameday does not run them (Kubernetes, compose): a
 *                      template for an instance's base URL, {@code {instance}} and {@code {port}} replaced by its
 *                      name and port, e.g. {@code http://cascade-{instance}:{port}}; blank: the embedded fleet's
 *                      loopback addresses
 * @param serviceArguments extra properties for every instance of a service, by service name, appended after the
 *                      layout's own (so they win), e.g. {@code cascade.gameday.fleet.service-arguments.dwfm=
 *                      --cascade.dwfm.workers=6}: how a compressed run keeps a service's capacity per incident
 *                      minute (docs/gameday.md), or how to try a setting without rebuilding
 * @param artifacts     where the built jars are, laid out as in the checkout ({@code services/<s>/target/<s>.jar},
 *                      {@code libs/kafka-broker/target}); blank: the checkout itself. The launcher stages copies
 *                      under the state directory, because a rebuild while the fleet runs replaces the jars in
 *                      {@code target/}, and a JVM whose jar is replaced under it fails at its next class load
 */
public record FleetProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(".") Path home,
        @DefaultValue(".cascade") Path stateDir,
        @DefaultValue("true") boolean fresh,
        @DefaultValue("150s") Duration readyTimeout,
        @DefaultValue("15s") Duration stopTimeout,
        @DefaultValue("4") int startParallelism,
        @DefaultValue("-Xms16m -Xss512k -XX:+UseSerialGC -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5 "
                + "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxMetaspaceSize=128m "
                + "-XX:ReservedCodeCacheSize=32m -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError "
                + "-Dserver.tomcat.threads.min-spare=2") String jvmOptions,
        @DefaultValue Map<String, String> heap,
        @DefaultValue("cascade.test") String zoneName,
        @DefaultValue("dynamodb.us-east-1.cascade.test") String dynamoName,
        @DefaultValue("3") int dynamoNodes,
        @DefaultValue Ports ports,
        @DefaultValue("") String instanceUrl,
        @DefaultValue Map<String, List<String>> serviceArguments,
        @DefaultValue("") String artifacts) {

    public FleetProperties {
        Map<String, String> heaps = new java.util.HashMap<>(DEFAULT_HEAPS);
        if (heap != null) {
            heaps.putAll(heap);
        }
        heap = Map.copyOf(heaps);
        if (dynamoNodes < 1 || dynamoNodes > 9) {
            throw new IllegalArgumentException("dynamo-nodes must be between 1 and 9");
        }
        serviceArguments = serviceArguments == null ? Map.of() : Map.copyOf(serviceArguments);
        serviceArguments.forEach((service, arguments) -> arguments.forEach(argument -> {
            if (!argument.startsWith("--") || !argument.contains("=")) {
                throw new IllegalArgumentException("service-arguments." + service + " must be --name=value, got '"
                        + argument + "'");
            }
        }));
        if (instanceUrl == null) {
            instanceUrl = "";
        }
        if (!instanceUrl.isBlank() && !instanceUrl.contains("{instance}")) {
            throw new IllegalArgumentException("instance-url must name the instance ({instance}): " + instanceUrl);
        }
    }

    /** The fleet runs elsewhere (a cluster, compose) and gameday was told where: it observes and acts, never starts. */
    public boolean external() {
        return !enabled && !instanceUrl.isBlank();
    }

    public record Ports(@DefaultValue("18080") int gameday,
                        @DefaultValue("18081") int gateway,
                        @DefaultValue("18053") int zone,
                        @DefaultValue("15353") int dns,
                        @DefaultValue("18060") int planner,
                        @DefaultValue("18061") int enactorBase,
                        @DefaultValue("18000") int dynamo,
                        @DefaultValue("18070") int droplets,
                        @DefaultValue("18071") int dwfmBase,
                        @DefaultValue("18074") int networkManager,
                        @DefaultValue("18075") int nlb,
                        @DefaultValue("18076") int nlbNode,
                        @DefaultValue("19092") int kafka,
                        @DefaultValue("19093") int kafkaController,
                        @DefaultValue("15432") int postgres) {
    }

    /** Services that hold real state get more than the 96 MiB every other JVM gets. */
    static final Map<String, String> DEFAULT_HEAPS = Map.of("zone", "160m", "dynamo", "128m", "dns-planner", "128m",
            "nlb", "160m");

    public String heapFor(String service) {
        return heap.getOrDefault(service, "96m");
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    public Path jar(String service) {
        return artifactsHome().resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** The root the built jars are found under: {@link #artifacts} when set, else the checkout. */
    public Path artifactsHome() {
        return artifacts == null || artifacts.isBlank() ? home : Path.of(artifacts);
    }
}
