package io.cascadelab.planner.plan;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plan store's HTTP API, used by the enactors: newest plan, a plan by generation, the list of stored
 * generations, and delete. Plans are returned as stored (JSON of {@link Plan}).
 */
@RestController
@RequestMapping(path = "/plans", produces = MediaType.APPLICATION_JSON_VALUE)
class PlanController {

    private final PlanStore store;

    PlanController(PlanStore store) {
        this.store = store;
    }

    @GetMapping
    List<Plan.Summary> list() {
        return store.list();
    }

    @GetMapping("/latest")
    ResponseEntity<String> latest() {
        return store.newestJson().map(ResponseEntity::ok).orElseGet(PlanController::noPlan);
    }

    @GetMapping("/{generation}")
    ResponseEntity<String> byGeneration(@PathVariable long generation) {
        return store.json(generation).map(ResponseEntity::ok).orElseGet(PlanController::noPlan);
    }

    @DeleteMapping("/{generation}")
    ResponseEntity<Void> delete(@PathVariable long generation) {
        return store.delete(generation) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    private static ResponseEntity<String> noPlan() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body("{\"message\":\"no such plan\"}");
    }
}
