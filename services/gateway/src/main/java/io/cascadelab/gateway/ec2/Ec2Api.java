package io.cascadelab.gateway.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.gateway.fleet.Droplets;
import io.cascadelab.gateway.fleet.Dwfm;
import io.cascadelab.gateway.fleet.FleetCallException;
import io.cascadelab.gateway.throttle.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The regional EC2 API in EC2's query protocol: {@code POST /} (form) or {@code GET /?Action=…}, XML answers.
 * RunInstances asks a DWFM for a placement (the requested AZ, or each AZ in turn from a rotating start, moving on
 * when one has no capacity), DescribeInstances and TerminateInstances go to droplets. Launches and terminations
 * are announced on Kafka once they happened. Bad input gets EC2's error XML and changes nothing.
 */
public final class Ec2Api {

    private static final Logger log = LoggerFactory.getLogger(Ec2Api.class);
    private static final MediaType XML = MediaType.parseMediaType("text/xml;charset=UTF-8");
    /** An unbounded list parameter (InstanceId.N) still gets a bound. */
    private static final int MAX_LIST = 1000;

    private final Dwfm dwfm;
    private final Droplets droplets;
    private final TokenBucket throttle;
    private final InstanceEvents events;
    private final Ec2Metrics metrics;
    private final SplittableRandom random;
    private final AtomicInteger nextAz;

    public Ec2Api(Dwfm dwfm, Droplets droplets, TokenBucket throttle, InstanceEvents events, Ec2Metrics metrics,
                  SplittableRandom random) {
        this.dwfm = dwfm;
        this.droplets = droplets;
        this.throttle = throttle;
        this.events = events;
        this.metrics = metrics;
        this.random = random;
        this.nextAz = new AtomicInteger(random.nextInt(Math.max(1, dwfm.azs().size())));
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String requestId = requestId();
        Mono<MultiValueMap<String, String>> form = request.method().matches("POST")
                ? request.formData() : Mono.just(new LinkedMultiValueMap<>());
        return form.map(body -> parameters(request.queryParams(), body))
                .flatMap(params -> dispatch(requestId, params))
                .flatMap(xml -> ServerResponse.ok().contentType(XML).bodyValue(xml))
                .onErrorResume(Ec2Error.class, e -> ServerResponse.status(e.status()).contentType(XML)
                        .bodyValue(Ec2Xml.error(requestId, e)))
                .onErrorResume(e -> !(e instanceof Ec2Error), e -> {
                    log.atWarn().addKeyValue("requestId", requestId).log("EC2 request failed: {}", e.toString());
                    Ec2Error internal = Ec2Error.internal();
                    return ServerResponse.status(internal.status()).contentType(XML)
                            .bodyValue(Ec2Xml.error(requestId, internal));
                });
    }

    private static Map<String, String> parameters(MultiValueMap<String, String> query, MultiValueMap<String, String> form) {
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach((key, values) -> params.put(key, values.isEmpty() ? "" : values.get(0)));
        form.forEach((key, values) -> params.put(key, values.isEmpty() ? "" : values.get(0)));
        return params;
    }

    private Mono<String> dispatch(String requestId, Map<String, String> params) {
        String action = params.get("Action");
        if (action == null || action.isBlank()) {
            return Mono.error(Ec2Error.missingParameter("Action"));
        }
        return switch (action) {
            case "RunInstances" -> runInstances(requestId, params);
            case "DescribeInstances" -> describeInstances(requestId, params);
            case "TerminateInstances" -> terminateInstances(requestId, params);
            default -> Mono.error(Ec2Error.invalidAction(action));
        };
    }

    // --- RunInstances -----------------------------------------------------------------------------------------

    record Launch(String az, String owner) {
    }

    /** Validates a RunInstances request; throws {@link Ec2Error} on bad input. */
    Launch parseLaunch(Map<String, String> params) {
        String min = params.get("MinCount");
        String max = params.get("MaxCount");
        if (min == null) {
            throw Ec2Error.missingParameter("MinCount");
        }
        if (max == null) {
            throw Ec2Error.missingParameter("MaxCount");
        }
        if (!"1".equals(min.trim()) || !"1".equals(max.trim())) {
            throw Ec2Error.invalidParameter("This EC2 API launches one instance per request: MinCount and MaxCount "
                    + "must both be 1 (got MinCount=" + min + ", MaxCount=" + max + ")");
        }
        String az = params.get("Placement.AvailabilityZone");
        if (az != null && az.isBlank()) {
            az = null;
        }
        if (az != null && !dwfm.knows(az)) {
            throw Ec2Error.invalidParameter("Invalid availability zone: [" + az + "]. This region has "
                    + String.join(", ", dwfm.azs()));
        }
        return new Launch(az, owner(params));
    }

    /** The value of the {@code owner} tag in an instance TagSpecification, "" when none is given. */
    private static String owner(Map<String, String> params) {
        for (int spec = 1; spec <= MAX_LIST; spec++) {
            String prefix = "TagSpecification." + spec + ".";
            String type = params.get(prefix + "ResourceType");
            if (type == null) {
                break;
            }
            if (!"instance".equals(type)) {
                continue;
            }
            for (int tag = 1; tag <= MAX_LIST; tag++) {
                String key = params.get(prefix + "Tag." + tag + ".Key");
                if (key == null) {
                    break;
                }
                if ("owner".equals(key)) {
                    return params.getOrDefault(prefix + "Tag." + tag + ".Value", "");
                }
            }
        }
        return "";
    }

    private Mono<String> runInstances(String requestId, Map<String, String> params) {
        Launch launch;
        try {
            launch = parseLaunch(params);
        } catch (Ec2Error e) {
            return Mono.error(e);
        }
        if (!throttle.tryAcquire()) {
            metrics.launch(launch.az() != null ? launch.az() : Ec2Metrics.ANY_AZ, Ec2Metrics.THROTTLED);
            return Mono.error(Ec2Error.requestLimitExceeded());
        }
        String instanceId = instanceId();
        List<String> candidates = candidates(launch.az());
        return place(instanceId, launch.owner(), candidates, 0, false)
                .flatMap(placement -> events.publish(InstanceEvent.Kind.LAUNCHED, instanceId, placement.dropletId(),
                                placement.az(), launch.owner())
                        .thenReturn(placement))
                .map(placement -> {
                    metrics.launch(placement.az(), Ec2Metrics.SUCCESS);
                    log.atInfo().addKeyValue("instanceId", instanceId).addKeyValue("az", placement.az())
                            .addKeyValue("dropletId", placement.dropletId()).addKeyValue("owner", launch.owner())
                            .log("instance launched");
                    return Ec2Xml.runInstances(requestId, new Ec2Xml.Launched(instanceId, placement.az(),
                            placement.dropletId(), launch.owner()));
                })
                .doOnError(e -> metrics.launch(launch.az() != null ? launch.az() : Ec2Metrics.ANY_AZ,
                        e instanceof Ec2Error error && error.code().equals("InsufficientInstanceCapacity")
                                ? Ec2Metrics.INSUFFICIENT_CAPACITY : Ec2Metrics.ERROR));
    }

    /** The requested AZ alone, or every AZ starting from the next in rotation. */
    private List<String> candidates(String requested) {
        if (requested != null) {
            return List.of(requested);
        }
        List<String> azs = dwfm.azs();
        int start = Math.floorMod(nextAz.getAndIncrement(), azs.size());
        List<String> order = new ArrayList<>(azs.size());
        for (int i = 0; i < azs.size(); i++) {
            order.add(azs.get((start + i) % azs.size()));
        }
        return order;
    }

    /**
     * Tries {@code candidates[index]}; on insufficient capacity, or when that AZ's DWFM could not even be reached
     * (nothing was placed), moves on to the next. A timeout or an unexpected failure ends the launch with
     * InternalError: the placement may have happened, so trying elsewhere could place the instance twice.
     */
    private Mono<Dwfm.Placement> place(String instanceId, String owner, List<String> candidates, int index,
                                       boolean sawNoCapacity) {
        String az = candidates.get(index);
        return dwfm.place(az, instanceId, owner).onErrorResume(FleetCallException.class, e -> {
            boolean noCapacity = e.is(Dwfm.INSUFFICIENT_CAPACITY);
            boolean unreachable = e.is(FleetCallException.UNREACHABLE);
            log.atDebug().addKeyValue("instanceId", instanceId).addKeyValue("az", az).addKeyValue("code", e.code())
                    .log("placement failed: {}", e.getMessage());
            if ((noCapacity || unreachable) && index + 1 < candidates.size()) {
                return place(instanceId, owner, candidates, index + 1, sawNoCapacity || noCapacity);
            }
            if (noCapacity || sawNoCapacity) {
                return Mono.error(Ec2Error.insufficientCapacity(candidates.size() == 1
                        ? "We currently do not have sufficient capacity in the Availability Zone you requested ("
                        + az + "). You can retry without specifying an Availability Zone."
                        : "We currently do not have sufficient capacity in any Availability Zone of this region."));
            }
            log.atWarn().addKeyValue("instanceId", instanceId).addKeyValue("az", az)
                    .log("placement failed: {} {}", e.code(), e.getMessage());
            return Mono.error(Ec2Error.internal());
        });
    }

    // --- DescribeInstances ------------------------------------------------------------------------------------

    private Mono<String> describeInstances(String requestId, Map<String, String> params) {
        List<String> ids = list(params, "InstanceId.");
        Set<String> owners;
        try {
            owners = ownerFilter(params);
        } catch (Ec2Error e) {
            return Mono.error(e);
        }
        Mono<List<Droplets.Instance>> found = ids.isEmpty()
                ? droplets.instances(owners != null && owners.size() == 1 ? owners.iterator().next() : null)
                : Flux.fromIterable(ids).concatMap(id -> droplets.instance(id)
                        .map(instance -> instance.orElseThrow(() -> Ec2Error.instanceNotFound(id)))).collectList();
        return found.onErrorMap(FleetCallException.class, e -> Ec2Error.internal())
                .map(instances -> instances.stream()
                        .filter(instance -> owners == null || owners.contains(instance.owner())).toList())
                .map(instances -> Ec2Xml.describeInstances(requestId, instances));
    }

    /** The values of {@code Filter.N.Name=tag:owner}, or null when there is no filter; other filters are refused. */
    private static Set<String> ownerFilter(Map<String, String> params) {
        Set<String> owners = null;
        for (int filter = 1; filter <= MAX_LIST; filter++) {
            String name = params.get("Filter." + filter + ".Name");
            if (name == null) {
                break;
            }
            if (!"tag:owner".equals(name)) {
                throw Ec2Error.invalidParameter("The filter '" + name + "' is invalid: this EC2 API filters on tag:owner only");
            }
            Set<String> values = new LinkedHashSet<>(list(params, "Filter." + filter + ".Value."));
            owners = owners == null ? values : intersection(owners, values);
        }
        return owners;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new LinkedHashSet<>(a);
        both.retainAll(b);
        return both;
    }

    // --- TerminateInstances -----------------------------------------------------------------------------------

    private Mono<String> terminateInstances(String requestId, Map<String, String> params) {
        List<String> ids = list(params, "InstanceId.");
        if (ids.isEmpty()) {
            return Mono.error(Ec2Error.missingParameter("InstanceId"));
        }
        // every id is checked before any is terminated: a bad id changes nothing
        return Flux.fromIterable(ids)
                .concatMap(id -> droplets.instance(id).map(found -> found.orElseThrow(() -> Ec2Error.instanceNotFound(id))))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(instance -> droplets.terminate(instance.instanceId()).flatMap(terminated -> {
                    if (!terminated) {
                        // gone between the check and the delete: someone else terminated it and announced it
                        return Mono.just(new Ec2Xml.Terminated(instance.instanceId(), "terminated"));
                    }
                    metrics.termination(instance.az());
                    log.atInfo().addKeyValue("instanceId", instance.instanceId()).addKeyValue("az", instance.az())
                            .log("instance terminated");
                    return events.publish(InstanceEvent.Kind.TERMINATED, instance.instanceId(), instance.dropletId(),
                                    instance.az(), instance.owner())
                            .thenReturn(new Ec2Xml.Terminated(instance.instanceId(), instance.state()));
                }))
                .collectList()
                .onErrorMap(FleetCallException.class, e -> Ec2Error.internal())
                .map(terminated -> Ec2Xml.terminateInstances(requestId, terminated));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** {@code prefix1, prefix2, …} until the first gap, as EC2's list parameters are numbered. */
    private static List<String> list(Map<String, String> params, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= MAX_LIST; i++) {
            String value = params.get(prefix + i);
            if (value == null) {
                break;
            }
            values.add(value);
        }
        return values;
    }

    private String requestId() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    /** EC2's long id form: {@code i-} and 17 hex digits, drawn from the run's seed. */
    private String instanceId() {
        synchronized (random) {
            return String.format("i-%016x%x", random.nextLong(), random.nextInt(16));
        }
    }
}
