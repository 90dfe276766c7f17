package io.cascadelab.droplets.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cascadelab.droplets.fleet.Droplet;
import io.cascadelab.droplets.fleet.Fleet;
import io.cascadelab.droplets.fleet.Hardware;
import io.cascadelab.droplets.fleet.Instance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The droplets' HTTP interface (docs/fleet-interfaces.md): leases for DWFM, instances, their network state. */
@RestController
class DropletsController {

    private final Fleet fleet;
    private final Hardware hardware;

    DropletsController(Fleet fleet, Hardware hardware) {
        this.fleet = fleet;
        this.hardware = hardware;
    }

    record LeaseRequest(String holder, String leaseId, String duration) {
    }

    record HostRequest(String instanceId, String owner) {
    }

    record ReleaseRequest(String instanceId) {
    }

    record NetworkRequest(Long version) {
    }

    @GetMapping("/droplets")
    ResponseEntity<?> list(@RequestParam(required = false) String az,
                           @RequestParam(required = false) String holder) {
        if (az == null || !fleet.azs().contains(az)) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "az must be one of " + fleet.azs());
        }
        if (holder != null) {
            fleet.holderArrived(az, holder);
        }
        long now = fleet.now();
        return ResponseEntity.ok(fleet.inAz(az).stream().map(d -> view(d, now)).toList());
    }

    @PostMapping("/droplets/{id}/lease")
    ResponseEntity<?> establish(@PathVariable String id, @RequestBody(required = false) LeaseRequest request)
            throws InterruptedException {
        Droplet droplet = fleet.droplet(id);
        if (droplet == null) {
            return error(HttpStatus.NOT_FOUND, "DropletNotFound", "no droplet " + id);
        }
        Duration duration = validLease(request);
        if (duration == null) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue",
                    "holder, leaseId and a positive ISO-8601 duration are required");
        }
        hardware.serve(droplet, Hardware.Work.ESTABLISH);
        fleet.establish(droplet, request.holder(), request.leaseId(), duration);
        return leaseView(droplet);
    }

    @PostMapping("/droplets/{id}/check-in")
    ResponseEntity<?> checkIn(@PathVariable String id, @RequestBody(required = false) LeaseRequest request)
            throws InterruptedException {
        Droplet droplet = fleet.droplet(id);
        if (droplet == null) {
            return error(HttpStatus.NOT_FOUND, "DropletNotFound", "no droplet " + id);
        }
        Duration duration = validLease(request);
        if (duration == null) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue",
                    "holder, leaseId and a positive ISO-8601 duration are required");
        }
        hardware.serve(droplet, Hardware.Work.CHECK_IN);
        if (!fleet.renew(droplet, request.holder(), request.leaseId(), duration)) {
            return error(HttpStatus.CONFLICT, "LeaseNotHeld", "lease " + request.leaseId() + " is not " + id
                    + "'s live lease");
        }
        return leaseView(droplet);
    }

    @PostMapping("/droplets/{id}/instances")
    ResponseEntity<?> host(@PathVariable String id, @RequestBody(required = false) HostRequest request) {
        Droplet droplet = fleet.droplet(id);
        if (droplet == null) {
            return error(HttpStatus.NOT_FOUND, "DropletNotFound", "no droplet " + id);
        }
        if (request == null || blank(request.instanceId()) || blank(request.owner())) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "instanceId and owner are required");
        }
        return switch (fleet.host(droplet, request.instanceId(), request.owner())) {
            case HOSTED -> ResponseEntity.status(HttpStatus.CREATED).body(view(fleet.instance(request.instanceId())));
            case NO_ACTIVE_LEASE -> error(HttpStatus.CONFLICT, "NoActiveLease", id + " has no live lease");
            case NO_FREE_SLOT -> error(HttpStatus.CONFLICT, "NoFreeSlot", id + " has no free slot");
            case DUPLICATE -> error(HttpStatus.CONFLICT, "InstanceExists", request.instanceId() + " already exists");
        };
    }

    @GetMapping("/instances")
    List<Map<String, Object>> instances(@RequestParam(required = false) String owner) {
        return fleet.instances().stream().filter(i -> owner == null || owner.equals(i.owner())).map(this::view).toList();
    }

    @GetMapping("/instances/{id}")
    ResponseEntity<?> instance(@PathVariable String id) {
        Instance instance = fleet.instance(id);
        return instance == null ? notFound(id) : ResponseEntity.ok(view(instance));
    }

    @DeleteMapping("/instances/{id}")
    ResponseEntity<?> terminate(@PathVariable String id) {
        return fleet.terminate(id) ? ResponseEntity.noContent().build() : notFound(id);
    }

    @PutMapping("/instances/{id}/network")
    ResponseEntity<?> network(@PathVariable String id, @RequestBody(required = false) NetworkRequest request)
            throws InterruptedException {
        Instance instance = fleet.instance(id);
        if (instance == null) {
            return notFound(id);
        }
        if (request == null || request.version() == null || request.version() < 1) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "version must be a positive number");
        }
        Droplet droplet = fleet.droplet(instance.dropletId());
        if (droplet.lease(fleet.now()) == null) {
            return notLeased(droplet);
        }
        hardware.serve(droplet, Hardware.Work.NETWORK);
        fleet.applyNetwork(instance, request.version());
        return ResponseEntity.ok(view(instance));
    }

    /**
     * Network Manager removing a terminated instance's network state from the droplet that hosted it. Like every
     * state change on a droplet it needs the droplet to be held by DWFM: without a lease, 409 and nothing changes.
     */
    @PostMapping("/droplets/{id}/network/release")
    ResponseEntity<?> releaseNetwork(@PathVariable String id, @RequestBody(required = false) ReleaseRequest request) {
        Droplet droplet = fleet.droplet(id);
        if (droplet == null) {
            return error(HttpStatus.NOT_FOUND, "DropletNotFound", "no droplet " + id);
        }
        if (request == null || blank(request.instanceId())) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameterValue", "instanceId is required");
        }
        if (droplet.lease(fleet.now()) == null) {
            return notLeased(droplet);
        }
        // forgetting an instance's state is quick, unlike configuring one
        return ResponseEntity.ok(Map.of("dropletId", id, "instanceId", request.instanceId(), "released", true));
    }

    /** A droplet DWFM does not hold takes no state changes (AWS: propagations "delayed by the DWFM issue"). */
    private static ResponseEntity<?> notLeased(Droplet droplet) {
        return error(HttpStatus.CONFLICT, "DropletNotLeased", droplet.id()
                + " has no live lease: it takes no network state change until DWFM holds it again");
    }

    /** The instance itself answering: only once its network configuration has arrived. */
    @RequestMapping({"/instances/{id}/health", "/instances/{id}/app", "/instances/{id}/app/**"})
    ResponseEntity<?> serve(@PathVariable String id) {
        Instance instance = fleet.instance(id);
        if (instance == null) {
            return notFound(id);
        }
        if (!instance.networked()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "NoNetwork", id + " has no network configuration yet");
        }
        return ResponseEntity.ok(Map.of("instanceId", id, "az", instance.az(), "status", "ok"));
    }

    private Map<String, Object> view(Instance instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", instance.id());
        body.put("dropletId", instance.dropletId());
        body.put("az", instance.az());
        body.put("owner", instance.owner());
        body.put("networkVersion", instance.networkVersion());
        body.put("state", instance.networked() ? "running" : "pending");
        return body;
    }

    private static Map<String, Object> view(Droplet droplet, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", droplet.id());
        body.put("az", droplet.az());
        body.put("slots", droplet.slots());
        body.put("used", droplet.used());
        Droplet.Lease lease = droplet.lease(now);
        body.put("lease", lease == null ? null : Map.of("holder", lease.holder(), "leaseId", lease.leaseId(),
                "expiresAt", Instant.ofEpochMilli(lease.expiresAtMillis()).toString()));
        return body;
    }

    private ResponseEntity<?> leaseView(Droplet droplet) {
        Droplet.Lease lease = droplet.lease(fleet.now());
        if (lease == null) {
            // Granted for a duration shorter than the time it took to serve: already over.
            return error(HttpStatus.CONFLICT, "LeaseNotHeld", droplet.id() + "'s lease expired while it was granted");
        }
        return ResponseEntity.ok(Map.of("leaseId", lease.leaseId(),
                "expiresAt", Instant.ofEpochMilli(lease.expiresAtMillis()).toString()));
    }

    private static Duration validLease(LeaseRequest request) {
        if (request == null || blank(request.holder()) || blank(request.leaseId()) || blank(request.duration())) {
            return null;
        }
        try {
            Duration duration = Duration.parse(request.duration());
            return duration.isNegative() || duration.isZero() ? null : duration;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ResponseEntity<?> notFound(String id) {
        return error(HttpStatus.NOT_FOUND, "InvalidInstanceID.NotFound", "no instance " + id);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}
