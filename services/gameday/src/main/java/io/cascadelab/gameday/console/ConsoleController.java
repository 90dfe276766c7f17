package io.cascadelab.gameday.console;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cascadelab.gameday.run.GameDayView;
import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The live console's API: the run's state, pushed once a wall second as server-sent events, and the
 * runbook buttons. A runbook POST must carry {@code X-Cascade-Console: 1}: a custom header makes browsers
 * send a CORS preflight, which gameday never allows, so no other origin can press the buttons.
 */
@RestController
class ConsoleController {

    static final String CONSOLE_HEADER = "X-Cascade-Console";

    private final GameDayView view;
    private final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-push");
        thread.setDaemon(true);
        return thread;
    });

    ConsoleController(GameDayView view) {
        this.view = view;
        pusher.scheduleWithFixedDelay(this::push, 1, 1, TimeUnit.SECONDS);
    }

    @GetMapping("/")
    RedirectView root() {
        return new RedirectView("/console/");
    }

    @GetMapping("/console")
    RedirectView console() {
        return new RedirectView("/console/");
    }

    /** The page itself lives at /console/index.html; /console/ shows it (static resources have no welcome page there). */
    @GetMapping("/console/")
    ModelAndView page() {
        return new ModelAndView("forward:/console/index.html");
    }

    @GetMapping("/gameday/state")
    GameDayView.ConsoleState state() {
        return view.state();
    }

    @GetMapping(value = "/gameday/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> subscribers.remove(emitter));
        emitter.onError(error -> subscribers.remove(emitter));
        subscribers.add(emitter);
        emitter.send(SseEmitter.event().name("state").data(view.state(), MediaType.APPLICATION_JSON));
        return emitter;
    }

    record RunbookRequest(String argument) {
    }

    @PostMapping("/gameday/runbooks/{name}")
    ResponseEntity<?> runbook(@PathVariable String name,
                              @RequestHeader(name = CONSOLE_HEADER, required = false) String consoleHeader,
                              @RequestBody(required = false) RunbookRequest request) {
        if (!"1".equals(consoleHeader)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error",
                    "runbooks from the console need the " + CONSOLE_HEADER + ": 1 header"));
        }
        try {
            GameDayView.RunbookOutcome outcome = view.runbook(name, request == null ? null : request.argument());
            return ResponseEntity.status(outcome.ok() ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(outcome);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        } catch (io.cascadelab.gameday.runbook.RunbookExecutor.NotRunHere e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
        }
    }

    private void push() {
        if (subscribers.isEmpty()) {
            return;
        }
        GameDayView.ConsoleState state;
        try {
            state = view.state();
        } catch (RuntimeException e) {
            return;
        }
        for (SseEmitter emitter : subscribers) {
            try {
                emitter.send(SseEmitter.event().name("state").data(state, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(emitter);
            }
        }
    }

    @PreDestroy
    void close() {
        pusher.shutdownNow();
        subscribers.forEach(SseEmitter::complete);
    }
}
