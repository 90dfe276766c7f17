package io.cascadelab.gameday.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The API {@code ./cascade gameday} and {@code ./cascade report} drive. */
@RestController
@RequestMapping("/gameday")
class GameDayController {

    private final GameDayService gameDays;

    GameDayController(GameDayService gameDays) {
        this.gameDays = gameDays;
    }

    record StartRequest(String scenario, String operator) {
    }

    @GetMapping("/scenarios")
    Object scenarios() {
        return gameDays.scenarios().names();
    }

    @PostMapping("/runs")
    ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) StartRequest request) {
        String scenario = request == null || request.scenario() == null ? "us-east-1-2025" : request.scenario();
        String operator = request == null || request.operator() == null ? "auto" : request.operator();
        try {
            GameDayRun run = gameDays.start(scenario, operator);
            return ResponseEntity.status(HttpStatus.CREATED).body(summary(run));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        } catch (IllegalStateException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
        }
    }

    @GetMapping("/runs/current")
    ResponseEntity<Map<String, Object>> current() {
        GameDayRun run = gameDays.current();
        if (run == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no game day has started"));
        }
        return ResponseEntity.ok(summary(run));
    }

    @PostMapping("/runs/current/abort")
    ResponseEntity<Map<String, Object>> abort() {
        if (!gameDays.abort()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "no game day is running"));
        }
        return ResponseEntity.ok(summary(gameDays.current()));
    }

    /** The measured-vs-AWS table of a finished run ({@code latest} for the newest). */
    @GetMapping(value = "/runs/{id}/table", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> table(@PathVariable String id) throws IOException {
        Path runs = gameDays.runsDir();
        String runId = id;
        if (id.equals("latest") && Files.isRegularFile(runs.resolve("latest"))) {
            runId = Files.readString(runs.resolve("latest")).trim();
        }
        if (!runId.matches("[A-Za-z0-9-]+") || !Files.isRegularFile(runs.resolve(runId).resolve("report.txt"))) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("no report for run " + id + "\n");
        }
        return ResponseEntity.ok(Files.readString(runs.resolve(runId).resolve("report.txt")));
    }

    private static Map<String, Object> summary(GameDayRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run.view());
        body.put("phases", run.phases());
        body.put("events", run.events());
        return body;
    }
}
