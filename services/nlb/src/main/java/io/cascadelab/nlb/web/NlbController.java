package io.cascadelab.nlb.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.dns.RecordPublisher;
import io.cascadelab.nlb.health.AzFailover;
import io.cascadelab.nlb.health.HealthChecker;
import io.cascadelab.nlb.provision.CheckerHosts;
import io.cascadelab.nlb.proxy.DataPlaneNode;
import io.cascadelab.nlb.target.Target;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.fault.OperatorToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /targets}, {@code GET /status}, {@code POST /runbook/failover}. */
@RestController
class NlbController {

    private final CheckerHosts hosts;
    private final TargetGroup targets;
    private final AzFailover failover;
    private final HealthChecker checker;
    private final RecordPublisher publisher;
    private final NlbProperties properties;
    private final CascadeProperties cascade;
    private final OperatorToken token;

    NlbController(TargetGroup targets, AzFailover failover, HealthChecker checker, RecordPublisher publisher,
                  NlbProperties properties, CascadeProperties cascade, OperatorToken token, CheckerHosts hosts) {
        this.hosts = hosts;
        this.targets = targets;
        this.failover = failover;
        this.checker = checker;
        this.publisher = publisher;
        this.properties = properties;
        this.cascade = cascade;
        this.token = token;
    }

    @GetMapping("/targets")
    List<Target.View> targets() {
        return targets.views();
    }

    @GetMapping("/status")
    Map<String, Object> status() {
        Map<String, Object> azs = new LinkedHashMap<>();
        for (DataPlaneNode node : properties.nodes()) {
            String az = node.az();
            azs.put(az, Map.of("node", node.address().configured(),
                    "listen", node.listenHost() + ":" + node.listenPort(), "nodeUp", checker.nodeUp(az),
                    "healthy", checker.azHealthy(az), "inDns", failover.inDns().contains(az),
                    "targets", targets.count(az), "healthyTargets", targets.inService(az)));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", cascade.mode().name().toLowerCase(java.util.Locale.ROOT));
        status.put("record", publisher.recordName());
        status.put("failoverEnabled", failover.enabled());
        status.put("azsInDns", failover.inDnsOrdered());
        status.put("addressesInDns", publisher.written());
        status.put("checker", Map.of("queued", checker.queued(), "busy", checker.busy(),
                "hosts", hosts.hosts().stream().map(h -> h.instanceId() + " (" + h.az() + ")").toList()));
        status.put("azs", azs);
        return status;
    }

    @PostMapping("/runbook/failover")
    ResponseEntity<?> failover(@RequestHeader(name = "Authorization", required = false) String authorization,
                               @RequestBody(required = false) FailoverRequest request) {
        if (!token.configured()) {
            return error(HttpStatus.FORBIDDEN, "Forbidden", "runbook disabled: no token configured");
        }
        if (!token.accepts(authorization)) {
            return error(HttpStatus.UNAUTHORIZED, "Unauthorized", "bearer token required");
        }
        if (request == null || request.enabled() == null) {
            return error(HttpStatus.BAD_REQUEST, "MissingParameter", "body must be {\"enabled\": true|false}");
        }
        failover.setEnabled(request.enabled());
        checker.decide();
        return ResponseEntity.ok(Map.of("failoverEnabled", failover.enabled(), "azsInDns", failover.inDnsOrdered()));
    }

    private static ResponseEntity<?> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }

    record FailoverRequest(Boolean enabled) {
    }
}
