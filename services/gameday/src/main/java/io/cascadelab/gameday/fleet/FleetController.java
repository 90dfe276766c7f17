package io.cascadelab.gameday.fleet;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What {@code ./cascade status}, {@code endpoints} and {@code down} ask the running fleet. */
@RestController
@RequestMapping("/fleet")
class FleetController {

    private final FleetSupervisor supervisor;
    private final FleetRunner runner;

    FleetController(FleetSupervisor supervisor, FleetRunner runner) {
        this.supervisor = supervisor;
        this.runner = runner;
    }

    @GetMapping
    FleetSupervisor.Status status() {
        return supervisor.status();
    }

    /** One line for the launcher to print while it waits. */
    @GetMapping(value = "/progress", produces = "text/plain")
    String progress() {
        FleetSupervisor.Status status = supervisor.status();
        return status.phase() + " " + status.progress();
    }

    /** A table for people; 200 only when the whole fleet is up, so scripts can use the status code. */
    @GetMapping(value = "/table", produces = "text/plain")
    ResponseEntity<String> table() {
        FleetSupervisor.Status status = supervisor.status();
        StringBuilder text = new StringBuilder();
        text.append(String.format("%-18s %-16s %-4s %-9s %7s  %s%n", "INSTANCE", "SERVICE", "AZ", "STATE", "RSS", "URL"));
        status.instances().forEach((name, instance) -> text.append(String.format("%-18s %-16s %-4s %-9s %4d MiB  %s%n",
                name, instance.service(), instance.az(), instance.state(), instance.rssMiB(), instance.url())));
        text.append(String.format("fleet %s: %s%nmemory: %d MiB proportional (PSS), %d MiB RSS summed, "
                        + "services + Kafka + PostgreSQL + gameday%n",
                status.phase(), status.progress(), status.totalPssMiB(), status.totalRssMiB()));
        return ResponseEntity.status(status.ready() ? 200 : 503).body(text.toString());
    }

    @GetMapping("/endpoints")
    Map<String, Object> endpoints() {
        return supervisor.endpoints();
    }

    /** Stops every process the fleet started, then this one. */
    @PostMapping("/shutdown")
    ResponseEntity<Map<String, String>> shutdown() {
        runner.shutdownSoon();
        return ResponseEntity.accepted().body(Map.of("status", "stopping"));
    }
}
