package io.cascadelab.enactor.runbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.cascadelab.platform.CascadeProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /runbook/restore-dns}, authenticated with {@code Authorization: Bearer <cascade.faults.token>}. */
@RestController
class RunbookController {

    private final DnsRestorer restorer;
    private final String token;

    RunbookController(DnsRestorer restorer, CascadeProperties properties) {
        this.restorer = restorer;
        this.token = properties.faults().token();
    }

    @PostMapping("/runbook/restore-dns")
    ResponseEntity<?> restoreDns(@RequestHeader(name = "Authorization", required = false) String authorization) {
        if (token.isBlank()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new Problem("runbook disabled: no token configured"));
        }
        String expected = "Bearer " + token;
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(new Problem("bearer token required"));
        }
        try {
            DnsRestorer.Report report = restorer.restore();
            return report.failed().isEmpty() ? ResponseEntity.ok(report)
                    : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(report);
        } catch (io.cascadelab.enactor.plan.PlanSource.Unavailable e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Problem(e.getMessage()));
        } catch (IllegalStateException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new Problem(e.getMessage()));
        }
    }

    record Problem(String message) {
    }
}
