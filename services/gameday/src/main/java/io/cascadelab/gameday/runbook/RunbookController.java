package io.cascadelab.gameday.runbook;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code ./cascade runbook ACTION [ARGUMENT]}: runs an operator action on the instances that own it. */
@RestController
@RequestMapping("/runbook")
class RunbookController {

    private final RunbookExecutor executor;

    RunbookController(RunbookExecutor executor) {
        this.executor = executor;
    }

    @GetMapping
    Map<String, String> list() {
        Map<String, String> actions = new LinkedHashMap<>();
        Runbook.names().forEach(name -> {
            Runbook runbook = Runbook.ALL.get(name);
            actions.put(runbook.argument() == null ? name : name + " <" + runbook.argument() + ">",
                    runbook.description());
        });
        return actions;
    }

    @PostMapping("/{action}")
    ResponseEntity<Map<String, Object>> run(@PathVariable String action,
                                            @RequestParam(name = "argument", required = false) String argument) {
        RunbookExecutor.Result result;
        try {
            result = executor.run(action, argument);
        } catch (IllegalArgumentException e) {
            HttpStatus status = Runbook.ALL.containsKey(action) ? HttpStatus.BAD_REQUEST : HttpStatus.NOT_FOUND;
            return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
        } catch (RunbookExecutor.NotRunHere e) {
            // A valid request this deployment cannot perform (a restart of hosts gameday does not run).
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("runbook", action, "error", e.getMessage()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runbook", action);
        body.put("results", result.calls());
        if (!result.ok()) {
            body.put("error", "runbook " + action + " failed: " + result.summary());
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(body);
        }
        return ResponseEntity.ok(body);
    }
}
