package io.cascadelab.gateway.throttle;

import java.util.Map;

import io.cascadelab.gateway.GatewayProperties;
import io.cascadelab.platform.fault.OperatorToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' EC2 throttle: {@code POST /runbook/throttle {perSecond, burst?}} tightens (or relaxes) the
 * RunInstances bucket, {@code DELETE} puts back the configured default. Rates are per incident second.
 */
@RestController
@RequestMapping("/runbook/throttle")
class ThrottleRunbook {

    private static final Logger log = LoggerFactory.getLogger(ThrottleRunbook.class);

    private final TokenBucket bucket;
    private final OperatorToken token;
    private final GatewayProperties.Throttle defaults;

    ThrottleRunbook(TokenBucket bucket, OperatorToken token, GatewayProperties properties) {
        this.bucket = bucket;
        this.token = token;
        this.defaults = properties.throttle();
    }

    /**
     * @param perSecond RunInstances requests admitted per incident second, &gt; 0
     * @param burst     bucket size; absent means one second's worth (at least 1), so a tightened limit bites at once
     */
    record ThrottleRequest(Double perSecond, Integer burst) {
    }

    @GetMapping
    ResponseEntity<?> show(@RequestHeader(name = "Authorization", required = false) String auth) {
        ResponseEntity<?> refused = refusal(auth);
        return refused != null ? refused : ResponseEntity.ok(state());
    }

    @PostMapping
    ResponseEntity<?> tighten(@RequestHeader(name = "Authorization", required = false) String auth,
                              @RequestBody(required = false) ThrottleRequest request) {
        ResponseEntity<?> refused = refusal(auth);
        if (refused != null) {
            return refused;
        }
        if (request == null || request.perSecond() == null || !(request.perSecond() > 0)
                || Double.isInfinite(request.perSecond())) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "perSecond must be a positive number");
        }
        int burst = request.burst() != null ? request.burst() : (int) Math.max(1, Math.ceil(request.perSecond()));
        if (burst < 1) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "burst must be at least 1");
        }
        bucket.set(request.perSecond(), burst);
        log.atInfo().addKeyValue("perSecond", request.perSecond()).addKeyValue("burst", burst)
                .log("RunInstances throttle set by operator");
        return ResponseEntity.ok(state());
    }

    @DeleteMapping
    ResponseEntity<?> relax(@RequestHeader(name = "Authorization", required = false) String auth) {
        ResponseEntity<?> refused = refusal(auth);
        if (refused != null) {
            return refused;
        }
        bucket.set(defaults.perSecond(), defaults.burst());
        log.atInfo().addKeyValue("perSecond", defaults.perSecond()).log("RunInstances throttle back to default");
        return ResponseEntity.ok(state());
    }

    private Map<String, Object> state() {
        return Map.of("perSecond", bucket.perSecond(), "burst", bucket.burst());
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
