package io.cascadelab.netmgr.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cascadelab.platform.fault.OperatorToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Rate-limit network propagation": {@code POST /runbook/throttle {perMinute}} caps how many instance events are
 * admitted per incident minute (the rest wait in Kafka); {@code DELETE} lifts the cap.
 */
@RestController
@RequestMapping("/runbook/throttle")
class ThrottleRunbook {

    private static final Logger log = LoggerFactory.getLogger(ThrottleRunbook.class);

    private final IntakeLimiter limiter;
    private final OperatorToken token;

    ThrottleRunbook(IntakeLimiter limiter, OperatorToken token) {
        this.limiter = limiter;
        this.token = token;
    }

    record ThrottleRequest(Double perMinute) {
    }

    @PostMapping
    ResponseEntity<?> throttle(@RequestHeader(name = "Authorization", required = false) String auth,
                               @RequestBody(required = false) ThrottleRequest request) {
        ResponseEntity<?> refused = refusal(auth);
        if (refused != null) {
            return refused;
        }
        if (request == null || request.perMinute() == null || !(request.perMinute() > 0)
                || Double.isInfinite(request.perMinute())) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "perMinute must be a positive number");
        }
        limiter.runbookLimit(request.perMinute());
        log.atInfo().addKeyValue("perMinute", request.perMinute()).log("propagation intake throttled by operator");
        return ResponseEntity.ok(state());
    }

    @DeleteMapping
    ResponseEntity<?> lift(@RequestHeader(name = "Authorization", required = false) String auth) {
        ResponseEntity<?> refused = refusal(auth);
        if (refused != null) {
            return refused;
        }
        limiter.runbookLimit(null);
        log.info("propagation intake throttle lifted by operator");
        return ResponseEntity.ok(state());
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("perMinute", limiter.runbookLimit());
        state.put("mode", limiter.mode().name().toLowerCase());
        return state;
    }

    private ResponseEntity<?> refusal(String auth) {
        if (!token.configured()) {
            return error(HttpStatus.FORBIDDEN, "Forbidden", "no operator token is configured (cascade.faults.token)");
        }
        if (!token.accepts(auth)) {
            return error(HttpStatus.UNAUTHORIZED, "Unauthorized", "missing or wrong operator token");
        }
        return null;
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}
