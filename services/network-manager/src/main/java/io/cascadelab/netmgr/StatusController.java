package io.cascadelab.netmgr;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cascadelab.netmgr.intake.IntakeLimiter;
import io.cascadelab.netmgr.intake.IntakeLoop;
import io.cascadelab.netmgr.propagation.Backlog;
import io.cascadelab.netmgr.propagation.BacklogMetrics;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /status}: the backlog at a glance, for the console and for people. */
@RestController
class StatusController {

    private final Backlog backlog;
    private final BacklogMetrics metrics;
    private final IntakeLimiter limiter;
    private final NetworkManagerProperties properties;
    private final IntakeLoop intake;

    StatusController(Backlog backlog, BacklogMetrics metrics, IntakeLimiter limiter, NetworkManagerProperties properties,
                     IntakeLoop intake) {
        this.intake = intake;
        this.backlog = backlog;
        this.metrics = metrics;
        this.limiter = limiter;
        this.properties = properties;
    }

    @GetMapping("/status")
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", limiter.mode().name().toLowerCase());
        status.put("waitingInKafka", intake.waiting());
        status.put("queueDepth", backlog.depth());
        status.put("inFlight", backlog.inFlight());
        status.put("workers", properties.workers());
        status.put("oldestEventAgeSeconds", metrics.oldestAgeSeconds());
        status.put("intakeLimitPerMinute", metrics.intakeLimit());
        status.put("runbookLimitPerMinute", limiter.runbookLimit());
        return status;
    }
}
