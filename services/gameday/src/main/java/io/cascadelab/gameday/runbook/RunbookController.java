package io.cascadelab.gameday.runbook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.fleet.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code ./cascade runbook ACTION}: runs an operator action on the instances that own it. */
@RestController
@RequestMapping("/runbook")
class RunbookController {

    private static final Logger log = LoggerFactory.getLogger(RunbookController.class);

    private final FleetSupervisor supervisor;
    private final LocalChaosRunner chaos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RunbookController(FleetSupervisor supervisor, LocalChaosRunner chaos) {
        this.supervisor = supervisor;
        this.chaos = chaos;
    }

    @GetMapping
    Map<String, String> list() {
        Map<String, String> actions = new LinkedHashMap<>();
        Runbook.names().forEach(name -> actions.put(name, Runbook.ALL.get(name).description()));
        return actions;
    }

    @PostMapping("/{action}")
    ResponseEntity<Map<String, Object>> run(@PathVariable String action,
                                            @RequestBody(required = false) String body) {
        Runbook runbook = Runbook.ALL.get(action);
        if (runbook == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                    "unknown runbook '" + action + "' (known: " + String.join(", ", Runbook.names()) + ")"));
        }
        List<InstanceSpec> targets = targets(runbook);
        List<Map<String, Object>> results = new ArrayList<>();
        boolean allOk = true;
        for (InstanceSpec instance : targets) {
            Map<String, Object> result = call(instance, runbook, body == null ? "" : body);
            allOk &= Integer.valueOf(200).equals(result.get("status")) || Integer.valueOf(202).equals(result.get("status"));
            results.add(result);
        }
        log.info("runbook {} ran on {}: {}", action, targets.stream().map(InstanceSpec::name).toList(),
                allOk ? "ok" : "failed");
        if (!allOk) {
            String failed = results.stream().filter(r -> !Integer.valueOf(200).equals(r.get("status"))
                            && !Integer.valueOf(202).equals(r.get("status")))
                    .map(r -> r.get("instance") + " answered " + r.get("status")).collect(Collectors.joining(", "));
            return ResponseEntity.status(502).body(Map.of("error", "runbook " + action + " failed: " + failed,
                    "runbook", action, "results", results));
        }
        return ResponseEntity.ok(Map.of("runbook", action, "results", results));
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

    private Map<String, Object> call(InstanceSpec instance, Runbook runbook, String body) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("instance", instance.name());
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + runbook.path()))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + supervisor.faultToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.isBlank() ? "{}" : body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            result.put("status", response.statusCode());
            result.put("body", response.body());
        } catch (IOException e) {
            result.put("status", 0);
            result.put("body", instance.name() + " not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("status", 0);
        }
        return result;
    }
}
