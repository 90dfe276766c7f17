package io.cascadelab.nlb.provision;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.NlbProperties;
import io.cascadelab.nlb.health.CheckOrigin;
import io.cascadelab.platform.time.IncidentClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts the health-check subsystem runs its checks from: EC2 instances of its own (owner {@code nlb-health}),
 * launched through RunInstances like any other and put into the rotation at once. Each is recycled at the end of
 * a seeded lifetime, replacement first: the new host enters the rotation, then the old one is terminated. Hosts
 * are recycled one at a time, at least {@code lifetime / count} apart, so a rotation always mixes hosts of
 * different ages.
 *
 * <p>Nothing here looks at a host's network. The checker asks, for every check, whether the host it runs on has
 * its network state (see {@code HealthChecker}); a host whose configuration Network Manager has not delivered yet
 * fails every check it runs. That is AWS's account of 20 October: the subsystem brought new EC2 instances into
 * service before their network state had propagated, so health checks failed although nodes and targets were
 * healthy, and results alternated between failing and healthy. Times are incident time.
 */
public final class CheckerHosts implements CheckOrigin {

    private static final Logger log = LoggerFactory.getLogger(CheckerHosts.class);
    static final String OWNER = "nlb-health";

    /** A host in the rotation; {@code retireAt} is wall time. */
    public record Host(String instanceId, String az, Instant retireAt) {
    }

    private final NlbProperties.CheckerHosts config;
    private final List<String> azs;
    private final Ec2Client ec2;
    private final IncidentClock clock;
    private final SplittableRandom random;
    private final NlbMetrics metrics;
    private final LaunchBackoff backoff;
    private final List<Host> rotation = new CopyOnWriteArrayList<>();
    private final List<String> toTerminate = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private Instant lastRecycle = Instant.MIN;

    public CheckerHosts(NlbProperties.CheckerHosts config, NlbProperties.Targets launching, List<String> azs,
                        Ec2Client ec2, IncidentClock clock, SplittableRandom random, NlbMetrics metrics) {
        this.config = config;
        this.azs = List.copyOf(azs);
        this.ec2 = ec2;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.backoff = new LaunchBackoff(launching.launchBackoffBase(), launching.launchBackoffMax(), clock, random);
    }

    /**
     * The host the next check runs from, round robin; empty when the subsystem has no host (switched off with
     * {@code count=0}, or before its first host is launched): the check then runs from the NLB process itself.
     */
    @Override
    public Optional<String> next() {
        List<Host> hosts = List.copyOf(rotation);
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(hosts.get(Math.floorMod(turn.getAndIncrement(), hosts.size())).instanceId());
    }

    /** The next look launches a replacement. */
    @Override
    public void gone(String hostId) {
        if (rotation.removeIf(host -> host.instanceId().equals(hostId))) {
            log.info("checker host {} no longer exists; taken out of the rotation", hostId);
        }
    }

    public List<Host> hosts() {
        return List.copyOf(rotation);
    }

    /** Takes the hosts a previous NLB left running into the rotation, up to {@code count}; the rest are retired. */
    public synchronized void adopt(DropletsInventory inventory) {
        if (config.count() == 0) {
            return;
        }
        try {
            for (DropletsInventory.Existing instance : inventory.instances(OWNER)) {
                if (rotation.size() < config.count() && azs.contains(instance.az())) {
                    rotation.add(new Host(instance.instanceId(), instance.az(), retirement()));
                } else {
                    toTerminate.add(instance.instanceId());
                }
            }
            log.info("adopted {} existing checker host(s)", rotation.size());
        } catch (IOException e) {
            log.warn("could not list existing checker hosts: {}", e.getMessage());
        }
    }

    /** One look: launch what the rotation is short, recycle one host past its lifetime, terminate the retired. */
    public synchronized void reconcile() {
        while (rotation.size() < config.count() && backoff.ready()) {
            if (launch(azs.get(rotation.size() % azs.size())).isEmpty()) {
                break;
            }
        }
        recycleOne();
        terminateRetired();
    }

    private void recycleOne() {
        Instant wallNow = clock.wall().instant();
        Duration spacing = clock.scale().toWall(config.lifetime().dividedBy(Math.max(1, config.count())));
        if (lastRecycle.plus(spacing).isAfter(wallNow) || !backoff.ready()) {
            return;
        }
        rotation.stream().filter(host -> !host.retireAt().isAfter(wallNow)).findFirst().ifPresent(old -> {
            if (launch(old.az()).isPresent()) {
                rotation.remove(old);
                toTerminate.add(old.instanceId());
                lastRecycle = wallNow;
                log.info("recycled checker host {} in {}", old.instanceId(), old.az());
            }
        });
    }

    private Optional<Host> launch(String az) {
        try {
            Host host = new Host(ec2.runInstance(az, OWNER), az, retirement());
            rotation.add(host);
            metrics.checkerHostLaunch("success");
            backoff.succeeded();
            return Optional.of(host);
        } catch (Ec2Client.Ec2Exception e) {
            metrics.checkerHostLaunch(Provisioner.outcome(e.code()));
            log.info("checker host launch in {} failed ({}), next attempt after {}", az, e.code(), backoff.failed());
            return Optional.empty();
        }
    }

    private void terminateRetired() {
        toTerminate.removeIf(id -> {
            try {
                ec2.terminate(id);
                return true;
            } catch (Ec2Client.Ec2Exception e) {
                return "InvalidInstanceID.NotFound".equals(e.code());
            }
        });
    }

    /** Now plus the lifetime, seeded ±25 % (wall). */
    private Instant retirement() {
        double factor;
        synchronized (random) {
            factor = 0.75 + random.nextDouble() / 2;
        }
        Duration lifetime = Duration.ofNanos((long) (config.lifetime().toNanos() * factor));
        return clock.wall().instant().plus(clock.scale().toWall(lifetime));
    }
}
