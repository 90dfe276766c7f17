package io.cascadelab.gameday.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cascadelab.platform.CascadeProperties;

/**
 * Which instances make up the fleet and where each one listens. Replicas have their own identities:
 * three enactors and three DWFMs (one per AZ) and one DynamoDB node per AZ, each on its own loopback
 * address so that DNS answers for the regional name mean something. A fleet run elsewhere (the Helm chart,
 * compose) has the same instances; {@link FleetProperties#instanceUrl()} says where gameday reaches them.
 */
public final class FleetLayout {

    public static final List<String> AZS = List.of("az1", "az2", "az3");
    private static final String LOOPBACK = "127.0.0.1";

    private final FleetProperties fleet;

    public FleetLayout(FleetProperties fleet) {
        this.fleet = fleet;
    }

    public List<InstanceSpec> instances() {
        FleetProperties.Ports ports = fleet.ports();
        List<InstanceSpec> instances = new ArrayList<>();
        instances.add(spec("zone", "zone", "", LOOPBACK, ports.zone(), 0, "zone", List.of(
                "--cascade.zone.dns.address=" + LOOPBACK,
                "--cascade.zone.dns.port=" + ports.dns(),
                "--cascade.zone.default-zone.name=" + fleet.zoneName() + ".")));
        instances.add(regional("dns-planner", ports.planner(), "planner", List.of()));
        for (int i = 0; i < AZS.size(); i++) {
            String az = AZS.get(i);
            instances.add(spec("dns-enactor-" + az, "dns-enactor", az, LOOPBACK, ports.enactorBase() + i,
                    1, null, List.of("--cascade.enactor.zone-api=" + url(ports.zone()),
                            "--cascade.enactor.planner-url=" + url(ports.planner()))));
        }
        for (int i = 0; i < fleet.dynamoNodes(); i++) {
            String az = AZS.get(i % AZS.size());
            // An IPv4-mapped IPv6 address reaches the same node, so the AAAA endpoint answers real addresses.
            instances.add(spec("dynamo-" + (i + 1), "dynamo", az, dynamoAddress(i), ports.dynamo(), 1,
                    "dynamo", List.of("--cascade.dynamo.node.ipv6-address=::ffff:" + dynamoAddress(i))));
        }
        String droplets = url(ports.droplets());
        instances.add(regional("droplets", ports.droplets(), null, List.of()));
        List<String> dwfmUrls = new ArrayList<>();
        for (int i = 0; i < AZS.size(); i++) {
            String az = AZS.get(i);
            // The lease keepers start last, once the rest of the fleet is up: a DWFM whose check-ins (two
            // incident-minute deadlines, 2 s wall at 60x) compete with a dozen JVMs booting on two cores loses
            // leases before any chaos, and in incident mode a handful of lost leases already tips it into the
            // congestive collapse this lab is about to demonstrate on purpose.
            instances.add(spec("dwfm-" + az, "dwfm", az, LOOPBACK, ports.dwfmBase() + i, 2, null,
                    List.of("--cascade.dwfm.droplets-url=" + droplets,
                            "--cascade.dwfm.dynamo-endpoint=http://" + fleet.dynamoName() + ":" + ports.dynamo())));
            dwfmUrls.add("--cascade.gateway.dwfm-urls." + az + "=" + url(ports.dwfmBase() + i));
        }
        instances.add(regional("network-manager", ports.networkManager(), null,
                List.of("--cascade.network-manager.droplets-url=" + droplets)));
        instances.add(regional("nlb", ports.nlb(), null, List.of(
                "--cascade.nlb.droplets-url=" + droplets,
                "--cascade.nlb.zone-url=" + url(ports.zone()),
                "--cascade.nlb.gateway-url=" + url(ports.gateway()),
                "--cascade.nlb.node-addresses=" + String.join(",", nlbNodeAddresses()),
                "--cascade.nlb.node-port=" + ports.nlbNode())));
        List<String> gatewayArgs = new ArrayList<>(dwfmUrls);
        gatewayArgs.add("--cascade.gateway.droplets-url=" + droplets);
        instances.add(regional("gateway", ports.gateway(), null, gatewayArgs));
        return List.copyOf(instances);
    }

    /** Node i (from 0) listens on 127.0.1.(i+1): a distinct address per node, all on the dynamo port. */
    static String dynamoAddress(int index) {
        return "127.0.1." + (index + 1);
    }

    private InstanceSpec regional(String service, int port, String database, List<String> args) {
        return spec(service, service, "", LOOPBACK, port, 1, database, List.copyOf(args));
    }

    private InstanceSpec spec(String name, String service, String az, String address, int port, int stage,
                              String database, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(fleet.serviceArguments().getOrDefault(service, List.of()));
        return new InstanceSpec(name, service, az, address, port, stage, database, List.copyOf(all),
                baseUrl(name, address, port));
    }

    /** Where gameday reaches an instance: its loopback address here, or the configured template's answer. */
    private String baseUrl(String name, String address, int port) {
        if (fleet.instanceUrl().isBlank()) {
            return "http://" + address + ":" + port;
        }
        return fleet.instanceUrl().replace("{instance}", name).replace("{port}", Integer.toString(port));
    }

    /** The instance named {@code name}. */
    public InstanceSpec instance(String name) {
        return instances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + name));
    }

    /**
     * The zone's authoritative DNS server as gameday asks it (the prober, the customers): the embedded fleet's
     * on loopback, a fleet elsewhere the one the run names ({@code cascade.dns.server}, CoreDNS on a cluster).
     */
    public java.net.InetSocketAddress dnsServer(CascadeProperties run) {
        return fleet.external() ? run.dns().serverAddress()
                : new java.net.InetSocketAddress(LOOPBACK, fleet.ports().dns());
    }

    private static String url(int port) {
        return "http://" + LOOPBACK + ":" + port;
    }

    /** The customer NLB's data-plane nodes, one per AZ, each on its own address so DNS failover means something. */
    public static List<String> nlbNodeAddresses() {
        return AZS.stream().map(az -> "127.0.2." + (AZS.indexOf(az) + 1)).toList();
    }

    /** Properties every instance is started with: the run's identity, the shared infrastructure, the secret. */
    public List<String> commonArgs(InstanceSpec instance, CascadeProperties run, String faultToken, long parentPid,
                                   java.time.Instant epoch) {
        FleetProperties.Ports ports = fleet.ports();
        List<String> args = new ArrayList<>(List.of(
                "--cascade.instance=" + instance.name(),
                "--cascade.az=" + instance.az(),
                "--cascade.mode=" + run.mode().name().toLowerCase(),
                "--cascade.seed=" + run.seed(),
                "--cascade.time-scale=" + run.timeScale(),
                "--cascade.epoch=" + epoch,
                "--cascade.dns.server=" + LOOPBACK + ":" + ports.dns(),
                "--cascade.dns.zone-name=" + fleet.zoneName(),
                "--cascade.faults.token=" + faultToken,
                "--cascade.parent-pid=" + parentPid,
                "--cascade.credentials.access-key-id=" + run.credentials().accessKeyId(),
                "--cascade.credentials.secret-access-key=" + run.credentials().secretAccessKey(),
                "--server.address=" + instance.address(),
                "--server.port=" + instance.port(),
                "--spring.kafka.bootstrap-servers=" + kafka()));
        if (instance.database() != null) {
            args.add("--spring.datasource.url=" + jdbcUrl(instance.database()));
            args.add("--spring.datasource.username=postgres");
            args.add("--spring.datasource.password=postgres");
        }
        args.addAll(instance.args());
        return args;
    }

    /**
     * The labels this instance would carry as a Kubernetes pod: Chaos Mesh selectors written against the
     * Helm chart select the same instances locally.
     */
    public Map<String, String> labels(InstanceSpec instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "cascade");
        labels.put("app.kubernetes.io/component", instance.service());
        labels.put("cascade.io/instance", instance.name());
        if (!instance.az().isEmpty()) {
            labels.put("cascade.io/az", instance.az());
        }
        return labels;
    }

    public String kafka() {
        return LOOPBACK + ":" + fleet.ports().kafka();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LOOPBACK + ":" + fleet.ports().postgres() + "/" + database;
    }

    public List<String> databases() {
        return instances().stream().map(InstanceSpec::database).filter(d -> d != null).distinct().toList();
    }

    /** Every port the fleet needs, by what uses it, checked free before anything starts. */
    public Map<String, String> portsInUse() {
        FleetProperties.Ports ports = fleet.ports();
        Map<String, String> all = new LinkedHashMap<>();
        all.put(LOOPBACK + ":" + ports.postgres(), "postgres");
        all.put(LOOPBACK + ":" + ports.kafka(), "kafka");
        all.put(LOOPBACK + ":" + ports.kafkaController(), "kafka controller");
        all.put(LOOPBACK + ":" + ports.dns(), "zone DNS");
        for (InstanceSpec instance : instances()) {
            all.put(instance.address() + ":" + instance.port(), instance.name());
        }
        for (String node : nlbNodeAddresses()) {
            all.put(node + ":" + ports.nlbNode(), "nlb node");
        }
        return all;
    }

    /** The JSON {@code ./cascade endpoints} prints; later issues keep these keys meaning the same thing. */
    public Map<String, Object> endpoints(CascadeProperties run, String hostedZoneId) {
        FleetProperties.Ports ports = fleet.ports();
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("dns", "127.0.0.1:" + ports.dns());
        endpoints.put("zoneApi", "http://127.0.0.1:" + ports.zone());
        endpoints.put("hostedZoneId", hostedZoneId);
        endpoints.put("zoneName", fleet.zoneName() + ".");
        endpoints.put("dynamoName", fleet.dynamoName());
        endpoints.put("dynamoPort", ports.dynamo());
        endpoints.put("ec2Api", "http://127.0.0.1:" + ports.gateway());
        endpoints.put("console", "http://127.0.0.1:" + ports.gameday());
        endpoints.put("kafka", kafka());
        endpoints.put("postgres", jdbcUrl("postgres"));
        endpoints.put("credentials", Map.of("accessKeyId", run.credentials().accessKeyId(),
                "secretAccessKey", run.credentials().secretAccessKey()));
        Map<String, String> services = new LinkedHashMap<>();
        services.put("gameday", "http://127.0.0.1:" + ports.gameday());
        instances().stream().sorted(Comparator.comparingInt(InstanceSpec::stage))
                .forEach(instance -> services.put(instance.name(), instance.baseUrl()));
        endpoints.put("services", services);
        endpoints.put("mode", run.mode().name().toLowerCase());
        endpoints.put("seed", run.seed());
        endpoints.put("timeScale", run.timeScale());
        return endpoints;
    }
}
