package io.cascadelab.gameday.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import io.cascadelab.gameday.fleet.FleetLayout;
import io.cascadelab.gameday.fleet.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Chaos Mesh experiments against the embedded fleet: selects instances by the labels they would carry
 * on Kubernetes and installs the equivalent fault through each one's fault hook. A fault lifts itself at the
 * end of its duration even if gameday is gone; {@link #clear()} lifts everything at once.
 */
public final class LocalChaosRunner {

    private static final Logger log = LoggerFactory.getLogger(LocalChaosRunner.class);

    private final List<InstanceSpec> instances;
    private final FleetLayout layout;
    private final String token;
    private final Clock wall;
    private final SplittableRandom random;
    private final Consumer<String> killer;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Active> active = Collections.synchronizedMap(new LinkedHashMap<>());

    public LocalChaosRunner(FleetLayout layout, String token, Clock wall, SplittableRandom random,
                            Consumer<String> killer) {
        this.layout = layout;
        this.killer = killer;
        this.instances = layout.instances();
        this.token = token;
        this.wall = wall;
        this.random = random;
    }

    /** An experiment in force: which instances carry it and until when. */
    public record Active(String name, String kind, List<String> instances, Instant expiresAt) {
    }

    /** Applies every experiment in the manifest, or none: selection problems are found before any fault is set. */
    public List<Active> apply(String manifest) {
        List<Experiment> experiments = ChaosManifests.parse(manifest);
        Map<Experiment, List<InstanceSpec>> selections = new LinkedHashMap<>();
        for (Experiment experiment : experiments) {
            selections.put(experiment, select(experiment));
        }
        List<Active> applied = new ArrayList<>();
        selections.forEach((experiment, selected) -> applied.add(install(experiment, selected)));
        return applied;
    }

    public List<Active> list() {
        Instant now = wall.instant();
        synchronized (active) {
            active.values().removeIf(a -> !a.expiresAt().isAfter(now));
            return List.copyOf(active.values());
        }
    }

    public boolean remove(String name) {
        Active removed = active.remove(name);
        if (removed == null) {
            return false;
        }
        for (String instanceName : removed.instances()) {
            instance(instanceName).ifPresent(instance -> send(instance, "DELETE", "/internal/faults/" + name, null));
        }
        return true;
    }

    /** Lifts every fault on every instance, including ones this runner did not install. */
    public void clear() {
        active.clear();
        for (InstanceSpec instance : instances) {
            send(instance, "DELETE", "/internal/faults", null);
        }
    }

    List<InstanceSpec> select(Experiment experiment) {
        List<InstanceSpec> matching = instances.stream()
                .filter(instance -> experiment.selector().matches(layout.labels(instance))).toList();
        if (matching.isEmpty()) {
            throw new ChaosManifestException(experiment.kind() + " " + experiment.name()
                    + ": the selector matches no instance");
        }
        String mode = experiment.selector().mode();
        String value = experiment.selector().value();
        return switch (mode) {
            case "all" -> matching;
            case "one" -> List.of(pick(matching));
            case "fixed" -> sample(matching, count(value, mode));
            case "fixed-percent" -> sample(matching, (int) Math.ceil(matching.size() * count(value, mode) / 100.0));
            default -> throw new ChaosManifestException("mode '" + mode
                    + "' is not supported locally (supported: one, all, fixed, fixed-percent)");
        };
    }

    private synchronized InstanceSpec pick(List<InstanceSpec> candidates) {
        return candidates.get(random.nextInt(candidates.size()));
    }

    private synchronized List<InstanceSpec> sample(List<InstanceSpec> candidates, int count) {
        List<InstanceSpec> pool = new ArrayList<>(candidates);
        List<InstanceSpec> chosen = new ArrayList<>();
        while (chosen.size() < Math.min(count, candidates.size())) {
            chosen.add(pool.remove(random.nextInt(pool.size())));
        }
        return chosen;
    }

    private static int count(String value, String mode) {
        try {
            int count = Integer.parseInt(value);
            if (count < 1) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new ChaosManifestException("mode " + mode + " needs a positive integer value, got " + value);
        }
    }

    private Active install(Experiment experiment, List<InstanceSpec> selected) {
        remove(experiment.name());
        if (experiment.kill()) {
            selected.forEach(instance -> killer.accept(instance.name()));
            log.info("chaos {} {} killed {}", experiment.kind(), experiment.name(),
                    selected.stream().map(InstanceSpec::name).toList());
            return new Active(experiment.name(), experiment.kind(), selected.stream().map(InstanceSpec::name).toList(),
                    wall.instant());
        }
        Map<String, Object> body = new LinkedHashMap<>(experiment.fault());
        if (experiment.duration() != null) {
            body.put("duration", experiment.duration().toString());
        }
        String payload = json.writeValueAsString(body);
        for (InstanceSpec instance : selected) {
            HttpResponse<String> response = send(instance, "PUT", "/internal/faults/" + experiment.name(), payload);
            if (response == null || response.statusCode() != 200) {
                throw new ChaosManifestException(instance.name() + " refused " + experiment.name() + ": "
                        + (response == null ? "not reachable" : response.body()));
            }
        }
        Duration duration = experiment.duration() == null ? io.cascadelab.platform.fault.Fault.LONGEST
                : experiment.duration();
        Active applied = new Active(experiment.name(), experiment.kind(),
                selected.stream().map(InstanceSpec::name).toList(), wall.instant().plus(duration));
        active.put(experiment.name(), applied);
        log.info("chaos {} {} applied to {} until {}", experiment.kind(), experiment.name(), applied.instances(),
                applied.expiresAt());
        return applied;
    }

    private java.util.Optional<InstanceSpec> instance(String name) {
        return instances.stream().filter(instance -> instance.name().equals(name)).findFirst();
    }

    private HttpResponse<String> send(InstanceSpec instance, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn("{} {} on {} failed: {}", method, path, instance.name(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
