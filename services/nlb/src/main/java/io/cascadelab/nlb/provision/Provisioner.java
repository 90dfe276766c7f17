package io.cascadelab.nlb.provision;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.target.Target;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.time.IncidentClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the target group at its desired size per AZ: terminates targets that have been out of service longer
 * than {@code replaceAfter}, then launches through RunInstances whatever each AZ is short, registering each new
 * instance at once (the incident's "into service before the network state arrived"), and recycles targets that
 * reached their instance lifetime (launch the replacement, then terminate the old one). Failed launches back off
 * per AZ, exponentially with seeded jitter. Times are incident time.
 */
public final class Provisioner {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    static final String OWNER = "app";

    private final NlbProperties.Targets config;
    private final List<String> azs;
    private final TargetGroup targets;
    private final Ec2Client ec2;
    private final IncidentClock clock;
    private final SplittableRandom random;
    private final NlbMetrics metrics;
    private final Map<String, LaunchBackoff> backoff = new HashMap<>();
    private final Map<String, Instant> retireAt = new HashMap<>();

    public Provisioner(NlbProperties.Targets config, List<String> azs, TargetGroup targets, Ec2Client ec2,
                       IncidentClock clock, SplittableRandom random, NlbMetrics metrics) {
        this.config = config;
        this.azs = List.copyOf(azs);
        this.targets = targets;
        this.ec2 = ec2;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
    }

    /**
     * Registers the instances of owner {@code app} that already exist (a restart), bounded by the group's size;
     * without an answer from the inventory the group starts empty and Kafka's LAUNCHED events fill it in.
     */
    public void adopt(DropletsInventory inventory) {
        try {
            int adopted = 0;
            for (DropletsInventory.Existing instance : inventory.appInstances()) {
                if (azs.contains(instance.az()) && targets.live(instance.az()) < config.desiredPerAz()
                        && targets.register(instance.instanceId(), instance.az(), clock.wall().instant())) {
                    adopted++;
                }
            }
            log.info("adopted {} existing instance(s) of owner {}", adopted, OWNER);
        } catch (java.io.IOException e) {
            log.warn("could not list existing instances: {}", e.getMessage());
        }
    }

    /** One look: replace what has been out too long, launch what is missing. */
    public synchronized void reconcile() {
        replaceBroken();
        for (String az : azs) {
            launchMissing(az);
        }
        retireOld();
    }

    /**
     * One retirement per AZ per look, replacement first: the group never shrinks for it, and while launches fail
     * (no leased capacity) the old instances simply stay.
     */
    private void retireOld() {
        if (config.instanceLifetime().isZero()) {
            return;
        }
        Instant wallNow = clock.wall().instant();
        retireAt.keySet().removeIf(id -> targets.get(id).isEmpty());
        java.util.Set<String> retiredIn = new java.util.HashSet<>();
        for (Target old : targets.dueForRetirement(wallNow, this::retirementOf)) {
            String az = old.az();
            if (retiredIn.contains(az) || !backoff(az).ready() || !targets.markTerminating(old)) {
                continue;
            }
            retiredIn.add(az);
            if (!launch(az)) {
                targets.terminationFailed(old);
                continue;
            }
            if (terminate(old)) {
                metrics.retired(az);
                log.info("retired {} in {} at the end of its lifetime", old.instanceId(), az);
            }
        }
    }

    /**
     * TerminateInstances for a target claimed for termination, then deregistered; an instance EC2 no longer knows
     * is deregistered too. @return whether EC2 terminated it (false: already gone, or handed back to try later)
     */
    private boolean terminate(Target target) {
        try {
            ec2.terminate(target.instanceId());
            targets.deregister(target.instanceId());
            return true;
        } catch (Ec2Client.Ec2Exception e) {
            if ("InvalidInstanceID.NotFound".equals(e.code())) {
                targets.deregister(target.instanceId());
            } else {
                targets.terminationFailed(target);
                log.warn("could not terminate {}: {}", target.instanceId(), e.getMessage());
            }
            return false;
        }
    }

    /** When a target retires: its registration plus the lifetime, seeded ±25 % so a group started together spreads. */
    private Instant retirementOf(Target target) {
        return retireAt.computeIfAbsent(target.instanceId(), id -> {
            double factor = 0.75 + random.nextDouble() / 2;
            Duration lifetime = Duration.ofNanos((long) (config.instanceLifetime().toNanos() * factor));
            return target.registeredAt().plus(clock.scale().toWall(lifetime));
        });
    }

    private void replaceBroken() {
        Instant wallNow = clock.wall().instant();
        Duration afterWall = clock.scale().toWall(config.replaceAfter());
        for (Target target : targets.dueForReplacement(wallNow, afterWall)) {
            if (terminate(target)) {
                metrics.terminated(target.az());
                log.info("terminated {} in {}: out of service since {}", target.instanceId(), target.az(),
                        target.outOfServiceSince());
            }
        }
    }

    private void launchMissing(String az) {
        if (!backoff(az).ready()) {
            return;
        }
        // bounded: never more launches in one look than the group's size
        for (int i = 0; i < config.desiredPerAz() && targets.live(az) < config.desiredPerAz(); i++) {
            if (!launch(az)) {
                return;
            }
        }
    }

    /** One RunInstances for {@code az}, registered at once; a failure sets the AZ's backoff. */
    private boolean launch(String az) {
        LaunchBackoff pause = backoff(az);
        try {
            String id = ec2.runInstance(az, OWNER);
            targets.register(id, az, clock.wall().instant());
            metrics.launch(az, "success");
            pause.succeeded();
            return true;
        } catch (Ec2Client.Ec2Exception e) {
            metrics.launch(az, outcome(e.code()));
            log.info("launch in {} failed ({}), next attempt after {}", az, e.code(), pause.failed());
            return false;
        }
    }

    private LaunchBackoff backoff(String az) {
        return backoff.computeIfAbsent(az, k -> new LaunchBackoff(config.launchBackoffBase(),
                config.launchBackoffMax(), clock, random));
    }

    static String outcome(String code) {
        return switch (code) {
            case "InsufficientInstanceCapacity" -> "insufficient_capacity";
            case "RequestLimitExceeded" -> "throttled";
            default -> "error";
        };
    }
}
