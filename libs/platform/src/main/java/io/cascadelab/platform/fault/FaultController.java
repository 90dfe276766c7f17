package io.cascadelab.platform.fault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switches faults at run time: {@code PUT /internal/faults/{id}} installs one for a duration,
 * {@code DELETE} lifts one or all, {@code GET} lists what is in force. Every call needs
 * {@code Authorization: Bearer <cascade.faults.token>}; with no token configured the endpoint answers 404.
 * Works on both servlet and reactive services.
 */
@RestController
@RequestMapping(FaultController.PATH)
public class FaultController {

    public static final String PATH = "/internal/faults";

    private final FaultHook faults;
    private final byte[] token;
    private final Clock wall;

    public FaultController(FaultHook faults, String token, Clock wall) {
        this.faults = faults;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.wall = wall;
    }

    /**
     * @param duration how long the fault lasts (wall time, like a Chaos Mesh {@code duration}); absent means
     *                 until cleared, bounded by {@link Fault#LONGEST}
     */
    public record FaultRequest(Fault.Egress egress, Fault.Ingress ingress, Fault.Dns dns, Duration duration) {
    }

    @GetMapping
    public ResponseEntity<?> list(@RequestHeader(name = "Authorization", required = false) String auth) {
        return authorized(auth) ? ResponseEntity.ok(Map.of("faults", faults.active())) : refusal();
    }

    @PutMapping("/{id}")
    public ResponseEntity<?> install(@RequestHeader(name = "Authorization", required = false) String auth,
                                     @PathVariable String id, @RequestBody FaultRequest request) {
        if (!authorized(auth)) {
            return refusal();
        }
        Duration duration = request.duration() == null ? Fault.LONGEST : request.duration();
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Fault.LONGEST) > 0) {
            throw new IllegalArgumentException("duration must be positive and at most " + Fault.LONGEST);
        }
        Fault fault = new Fault(id, request.egress(), request.ingress(), request.dns(), wall.instant().plus(duration));
        faults.install(fault);
        return ResponseEntity.ok(fault);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<?> remove(@RequestHeader(name = "Authorization", required = false) String auth,
                                    @PathVariable String id) {
        if (!authorized(auth)) {
            return refusal();
        }
        return faults.remove(id) ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no fault named " + id));
    }

    @DeleteMapping
    public ResponseEntity<?> clear(@RequestHeader(name = "Authorization", required = false) String auth) {
        if (!authorized(auth)) {
            return refusal();
        }
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    private boolean authorized(String header) {
        if (token.length == 0 || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
    }

    private ResponseEntity<?> refusal() {
        if (token.length == 0) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "fault endpoint disabled"));
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer")
                .body(Map.of("error", "missing or wrong bearer token", "faults", List.of()));
    }
}
