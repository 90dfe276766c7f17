package io.cascadelab.platform.fault;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The local stand-in for what Chaos Mesh does at the network layer: faults installed at run time change
 * what this instance's traffic experiences. Every egress path (the AWS SDK's HTTP client, Spring's
 * RestClient, the DNS client) and the ingress filter ask it before acting.
 *
 * <p>Free when idle: with no fault installed each check is one volatile read of an empty list.
 */
public final class FaultHook {

    /** How long a lost request stalls before it fails, as a dropped SYN would before the client gives up. */
    static final Duration LOSS_STALL = Duration.ofSeconds(1);

    private final Clock wall;
    private final SplittableRandom random;
    private final Counter injected;
    private volatile List<Fault> active = List.of();
    private double lastJitterDraw;

    public FaultHook(Clock wall, SplittableRandom random, MeterRegistry registry) {
        this.wall = wall;
        this.random = random;
        this.injected = Counter.builder("cascade.faults.injected").description("Requests a fault acted on")
                .register(registry);
        registry.gauge("cascade.faults.active", this, hook -> hook.active().size());
    }

    /** Installs {@code fault}, replacing any fault with the same id. */
    public synchronized void install(Fault fault) {
        List<Fault> next = new ArrayList<>(live());
        next.removeIf(existing -> existing.id().equals(fault.id()));
        next.add(fault);
        active = List.copyOf(next);
    }

    public synchronized boolean remove(String id) {
        List<Fault> next = new ArrayList<>(live());
        boolean removed = next.removeIf(existing -> existing.id().equals(id));
        active = List.copyOf(next);
        return removed;
    }

    public synchronized void clear() {
        active = List.of();
    }

    /** The faults in force now; expired ones are dropped as a side effect. */
    public synchronized List<Fault> active() {
        List<Fault> live = live();
        if (live.size() != active.size()) {
            active = live;
        }
        return live;
    }

    private List<Fault> live() {
        Instant now = wall.instant();
        return active.stream().filter(fault -> fault.expiresAt().isAfter(now)).toList();
    }

    /**
     * Called before a request leaves for {@code host:port}. Stalls for injected latency and throws as a
     * lost or refused connection would.
     */
    public void beforeEgress(String host, int port) throws IOException {
        List<Fault> faults = active;
        if (faults.isEmpty()) {
            return;
        }
        Instant now = wall.instant();
        long delayNanos = 0;
        boolean lost = false;
        boolean refused = false;
        for (Fault fault : faults) {
            Fault.Egress egress = fault.egress();
            if (egress == null || !fault.expiresAt().isAfter(now) || !Fault.matches(egress.destinations(), host, port)) {
                continue;
            }
            delayNanos += egress.latency().toNanos() + jitterNanos(egress);
            lost |= chance(egress.lossPercent());
            refused |= chance(egress.errorPercent());
        }
        if (delayNanos == 0 && !lost && !refused) {
            return;
        }
        injected.increment();
        if (refused) {
            throw new ConnectException("Connection refused (injected fault toward " + host + ":" + port + ")");
        }
        pause(delayNanos + (lost ? LOSS_STALL.toNanos() : 0));
        if (lost) {
            throw new SocketTimeoutException("Read timed out (injected packet loss toward " + host + ":" + port + ")");
        }
    }

    /** What to do with a request received on {@code path}; empty when nothing. */
    public Optional<IngressVerdict> onIngress(String path) {
        List<Fault> faults = active;
        if (faults.isEmpty()) {
            return Optional.empty();
        }
        Instant now = wall.instant();
        Duration delay = Duration.ZERO;
        boolean abort = false;
        for (Fault fault : faults) {
            Fault.Ingress ingress = fault.ingress();
            if (ingress == null || !fault.expiresAt().isAfter(now) || !pathMatches(ingress.paths(), path)) {
                continue;
            }
            delay = delay.plus(ingress.delay());
            abort |= chance(ingress.abortPercent());
        }
        if (delay.isZero() && !abort) {
            return Optional.empty();
        }
        injected.increment();
        return Optional.of(new IngressVerdict(delay, abort));
    }

    /** The DNS fault, if any, for a lookup of {@code name}. */
    public Optional<Fault.Dns.Action> onDnsLookup(String name) {
        List<Fault> faults = active;
        if (faults.isEmpty()) {
            return Optional.empty();
        }
        Instant now = wall.instant();
        for (Fault fault : faults) {
            Fault.Dns dns = fault.dns();
            if (dns != null && fault.expiresAt().isAfter(now) && Fault.matches(dns.patterns(), name, 53)) {
                injected.increment();
                return Optional.of(dns.action());
            }
        }
        return Optional.empty();
    }

    /** A random IPv4 address in 10/8 for DNSChaos {@code random}: answers that lead nowhere. */
    public synchronized byte[] randomAddress() {
        return new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))};
    }

    public record IngressVerdict(Duration delay, boolean abort) {

        public void pauseFirst() {
            pause(delay.toNanos());
        }
    }

    private static boolean pathMatches(List<String> prefixes, String path) {
        return prefixes.isEmpty() || prefixes.stream().anyMatch(path::startsWith);
    }

    private synchronized boolean chance(double percent) {
        return percent > 0 && random.nextDouble() * 100 < percent;
    }

    /** netem-style jitter: a uniform draw in [-jitter, +jitter], correlated with the previous draw. */
    private synchronized long jitterNanos(Fault.Egress egress) {
        if (egress.jitter().isZero()) {
            return 0;
        }
        double draw = random.nextDouble() * 2 - 1;
        lastJitterDraw = egress.correlation() * lastJitterDraw + (1 - egress.correlation()) * draw;
        long jitter = Math.round(lastJitterDraw * egress.jitter().toNanos());
        return Math.max(-egress.latency().toNanos(), jitter);
    }

    /** Injected latency is real wall-clock time on the calling thread, as a slow network would be. */
    static void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long remaining = nanos;
        while (remaining > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            remaining = deadline - System.nanoTime();
        }
    }
}
