package io.cascadelab.gameday.runbook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.fleet.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a runbook on the instances that own it; the only place runbooks are performed. */
public class RunbookExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunbookExecutor.class);

    /** The {@code outcome} tag of {@code cascade.runbook.actions}: every instance accepted it, or not. */
    static final List<String> OUTCOMES = List.of("ok", "failed");

    private final FleetSupervisor supervisor;
    private final LocalChaosRunner chaos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Consumer<Result>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final io.micrometer.core.instrument.MeterRegistry registry;

    public RunbookExecutor(FleetSupervisor supervisor, LocalChaosRunner chaos,
                           io.micrometer.core.instrument.MeterRegistry registry) {
        this.supervisor = supervisor;
        this.chaos = chaos;
        this.registry = registry;
        // Every series exists at 0 from the start: a counter first registered by the action it counts starts at 1,
        // and increase() over a series with no earlier sample is 0, so the first action of each kind would never
        // show on the dashboards' runbook annotation.
        for (String name : Runbook.names()) {
            for (String outcome : OUTCOMES) {
                actions(name, outcome);
            }
        }
    }

    /**
     * The runbook cannot be performed by this gameday: it restarts processes, and the fleet runs elsewhere. The
     * message says how to do it where the fleet runs. Nothing was called.
     */
    public static final class NotRunHere extends IllegalStateException {
        NotRunHere(String message) {
            super(message);
        }
    }

    /**
     * @param startedAt when the action began (its effect can show before the last call returns)
     * @param calls     one entry per instance: its name, HTTP status (0 unreachable) and answer
     */
    public record Result(String runbook, String argument, java.time.Instant startedAt, boolean ok, List<Call> calls) {

        public String summary() {
            return calls.stream().map(call -> call.instance() + " " + (call.ok() ? "ok" : "failed (" + call.status()
                    + ")")).collect(Collectors.joining(", "));
        }
    }

    public record Call(String instance, int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Called after every runbook, from whatever started it (the run's timeline listens). */
    public void onResult(Consumer<Result> listener) {
        listeners.add(listener);
    }

    /**
     * @throws IllegalArgumentException unknown runbook or bad argument; nothing is called then
     */
    public Result run(String name, String argument) {
        Runbook runbook = Runbook.ALL.get(name);
        if (runbook == null) {
            throw new IllegalArgumentException("unknown runbook '" + name + "' (known: "
                    + String.join(", ", Runbook.names()) + ")");
        }
        String body = runbook.method().equals(Runbook.RESTART) ? null : runbook.bodyFor(argument);
        if (runbook.method().equals(Runbook.RESTART) && supervisor.external()) {
            throw new NotRunHere(restartElsewhere(runbook));
        }
        java.time.Instant startedAt = java.time.Instant.now();
        List<Call> calls = new ArrayList<>();
        if (runbook.method().equals(Runbook.RESTART)) {
            calls.addAll(restartAll(targets(runbook)));
        } else {
            for (InstanceSpec instance : targets(runbook)) {
                calls.add(call(instance, runbook, body));
            }
        }
        Result result = new Result(name, argument, startedAt, calls.stream().allMatch(Call::ok), List.copyOf(calls));
        log.atInfo().addKeyValue("runbook", name).addKeyValue("argument", argument).addKeyValue("ok", result.ok())
                .log("runbook {}: {}", name, result.summary());
        actions(name, result.ok() ? OUTCOMES.get(0) : OUTCOMES.get(1)).increment();
        listeners.forEach(listener -> listener.accept(result));
        return result;
    }

    private io.micrometer.core.instrument.Counter actions(String runbook, String outcome) {
        return io.micrometer.core.instrument.Counter.builder("cascade.runbook.actions")
                .description("Operator actions run, by runbook and whether every instance accepted it")
                .tag("runbook", runbook).tag("outcome", outcome).register(registry);
    }

    /**
     * What to do instead where the fleet runs: the chart's pods carry {@link io.cascadelab.gameday.fleet.FleetLayout#labels},
     * so the service's pods are selected by name and component; a Deployment recreates a deleted pod, a new process
     * with empty queues, which is what the runbook means. Compose names its services after the instances.
     */
    private String restartElsewhere(Runbook runbook) {
        List<InstanceSpec> instances = targets(runbook);
        Map<String, String> labels = new java.util.LinkedHashMap<>(supervisor.layout().labels(instances.get(0)));
        labels.remove("cascade.io/instance");
        labels.remove("cascade.io/az");
        String selector = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return "runbook " + runbook.name() + " restarts processes, and this gameday does not run the fleet: restart "
                + "the " + runbook.service() + " hosts where they run. On Kubernetes: kubectl -n cascade delete pod -l "
                + selector + " (their Deployments start new pods with empty queues; chaos/workflows/gameday.yaml does "
                + "it with a Chaos Mesh PodChaos pod-kill). With docker-compose: docker-compose restart "
                + instances.stream().map(InstanceSpec::name).collect(Collectors.joining(" ")) + ".";
    }

    /**
     * Restarts the hosts at once, as operators restart a fleet's hosts, and returns once all are back. One after
     * another, each JVM's start (~30 wall seconds on two busy cores, half an incident hour at 60x) delayed the
     * next: the last DWFM came back an incident hour and a half after the first, and the operators' next steps
     * waited behind the runbook (2026-12-04, docs/gameday.md).
     */
    private List<Call> restartAll(List<InstanceSpec> instances) {
        List<CompletableFuture<Call>> restarts = instances.stream()
                .map(instance -> CompletableFuture.supplyAsync(() -> restart(instance),
                        runnable -> {
                            Thread thread = new Thread(runnable, "restart-" + instance.name());
                            thread.setDaemon(true);
                            thread.start();
                        }))
                .toList();
        return restarts.stream().map(CompletableFuture::join).toList();
    }

    private Call restart(InstanceSpec instance) {
        try {
            supervisor.restart(instance.name());
            return new Call(instance.name(), 200, "restarted");
        } catch (RuntimeException e) {
            return new Call(instance.name(), 0, "restart failed: " + e.getMessage());
        }
    }

    /** Every instance of the service, or the first one no chaos experiment is acting on. */
    private List<InstanceSpec> targets(Runbook runbook) {
        List<InstanceSpec> all = supervisor.layout().instances().stream()
                .filter(instance -> instance.service().equals(runbook.service())).toList();
        if (runbook.target() == Runbook.Target.EVERY_INSTANCE) {
            return all;
        }
        Set<String> underChaos = chaos.list().stream().flatMap(active -> active.instances().stream())
                .collect(Collectors.toSet());
        return List.of(all.stream().filter(instance -> !underChaos.contains(instance.name())).findFirst()
                .orElse(all.get(0)));
    }

    private Call call(InstanceSpec instance, Runbook runbook, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + runbook.path()))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + supervisor.faultToken())
                    .header("Content-Type", "application/json");
            request.method(runbook.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Call(instance.name(), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Call(instance.name(), 0, instance.name() + " not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(instance.name(), 0, "interrupted");
        }
    }
}
