package io.cascadelab.gameday.chaos;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code ./cascade chaos apply|list|clear}: Chaos Mesh manifests in, faults on the fleet. */
@RestController
@RequestMapping("/chaos")
class ChaosController {

    private final LocalChaosRunner runner;

    ChaosController(LocalChaosRunner runner) {
        this.runner = runner;
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain",
            "application/octet-stream"})
    Map<String, List<LocalChaosRunner.Active>> apply(@RequestBody String manifest) {
        return Map.of("applied", runner.apply(manifest));
    }

    @GetMapping
    Map<String, List<LocalChaosRunner.Active>> list() {
        return Map.of("active", runner.list());
    }

    @DeleteMapping
    ResponseEntity<Void> clear() {
        runner.clear();
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Map<String, String>> remove(@PathVariable String name) {
        return runner.remove(name) ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no active experiment " + name));
    }

    @ExceptionHandler(ChaosManifestException.class)
    ResponseEntity<Map<String, String>> refused(ChaosManifestException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
