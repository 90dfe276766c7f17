package io.cascadelab.dwfm.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cascadelab.dwfm.work.LeaseManager;
import io.cascadelab.platform.fault.OperatorToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Placement for RunInstances, the lease summary, and the operators' intake throttle. */
@RestController
class DwfmController {

    private final LeaseManager leases;
    private final OperatorToken token;
    private final java.time.Clock wall;

    DwfmController(LeaseManager leases, OperatorToken token, java.time.Clock wallClock) {
        this.leases = leases;
        this.token = token;
        this.wall = wallClock;
    }

    record PlacementRequest(String instanceId, String owner) {
    }

    record ThrottleRequest(Double perMinute) {
    }

    @PostMapping("/placements")
    ResponseEntity<?> place(@RequestBody(required = false) PlacementRequest request) {
        if (request == null || blank(request.instanceId()) || blank(request.owner())) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "instanceId and owner are required");
        }
        if (!leases.ready()) {
            return error(HttpStatus.CONFLICT, "InsufficientInstanceCapacity", "DWFM " + leases.az() + " is starting");
        }
        String droplet;
        try {
            droplet = leases.place(request.instanceId(), request.owner());
        } catch (IllegalStateException e) {
            return error(HttpStatus.CONFLICT, "InstanceExists", e.getMessage());
        } catch (LeaseManager.LaunchNotRecorded e) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "LaunchNotRecorded", e.getMessage());
        }
        if (droplet == null) {
            return error(HttpStatus.CONFLICT, "InsufficientInstanceCapacity",
                    "no droplet in " + leases.az() + " has a live lease and a free slot");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("instanceId", request.instanceId(),
                "dropletId", droplet, "az", leases.az()));
    }

    @GetMapping("/leases")
    Map<String, Object> summary() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("az", leases.az());
        body.putAll(leases.book().summary(wall.millis()));
        body.put("queueDepth", leases.queueDepth());
        body.put("intakeLimit", leases.intake().perMinute());
        return body;
    }

    @PostMapping("/runbook/throttle")
    ResponseEntity<?> throttle(@RequestHeader(name = "Authorization", required = false) String authorization,
                               @RequestBody(required = false) ThrottleRequest request) {
        ResponseEntity<?> denied = denied(authorization);
        if (denied != null) {
            return denied;
        }
        if (request == null || request.perMinute() == null || !(request.perMinute() > 0)
                || request.perMinute().isInfinite()) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "perMinute must be a positive number");
        }
        boolean recorded = leases.throttle(request.perMinute());
        Map<String, Object> body = summary();
        body.put("recorded", recorded);
        return ResponseEntity.ok(body);
    }

    @DeleteMapping("/runbook/throttle")
    ResponseEntity<?> unthrottle(@RequestHeader(name = "Authorization", required = false) String authorization) {
        ResponseEntity<?> denied = denied(authorization);
        if (denied != null) {
            return denied;
        }
        boolean recorded = leases.throttle(0);
        Map<String, Object> body = summary();
        body.put("recorded", recorded);
        return ResponseEntity.ok(body);
    }

    private ResponseEntity<?> denied(String authorization) {
        if (!token.configured()) {
            return error(HttpStatus.FORBIDDEN, "RunbookDisabled", "no operator token configured");
        }
        if (!token.accepts(authorization)) {
            return error(HttpStatus.UNAUTHORIZED, "Unauthorized", "bearer token required");
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}
