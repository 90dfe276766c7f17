package io.cascadelab.nlb.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.cascadelab.platform.CascadeProperties.Mode;

/**
 * Automatic AZ DNS failover: which AZs' node addresses the load balancer's record holds, given each AZ's health.
 *
 * <ul>
 *   <li>{@code incident}: every unhealthy AZ is removed at once, however much capacity that takes away;</li>
 *   <li>{@code fixed}: velocity control — at most {@code maxRemovals} AZs removed per {@code window}, and never
 *       below {@code minAzs} AZs in DNS; adding an AZ back is never limited.</li>
 * </ul>
 * In both modes, when no AZ is healthy every AZ is published (Route 53's fail-open for health-checked records:
 * an empty answer helps nobody). With failover disabled (the operators' 09:36 action) every AZ stays in DNS.
 * Times are incident instants.
 */
public final class AzFailover {

    private final Mode mode;
    private final List<String> azs;
    private final Duration window;
    private final int maxRemovals;
    private final int minAzs;
    private final Deque<Instant> removals = new ArrayDeque<>();
    private volatile boolean enabled = true;
    private volatile Set<String> inDns;

    public AzFailover(Mode mode, List<String> azs, Duration window, int maxRemovals, int minAzs) {
        this.mode = mode;
        this.azs = List.copyOf(azs);
        this.window = window;
        this.maxRemovals = maxRemovals;
        this.minAzs = Math.max(1, minAzs);
        this.inDns = Set.copyOf(new TreeSet<>(azs));
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** AZs in DNS now, sorted. */
    public Set<String> inDns() {
        return inDns;
    }

    /**
     * Decides the AZs in DNS from each AZ's health.
     *
     * @return the AZs removed by this decision (each is one failover)
     */
    public synchronized List<String> decide(Map<String, Boolean> azHealthy, Instant now) {
        TreeSet<String> healthy = new TreeSet<>();
        azs.stream().filter(az -> Boolean.TRUE.equals(azHealthy.get(az))).forEach(healthy::add);
        TreeSet<String> next;
        if (!enabled || healthy.isEmpty()) {
            next = new TreeSet<>(azs);
        } else if (mode == Mode.INCIDENT) {
            next = healthy;
        } else {
            next = new TreeSet<>(inDns);
            next.addAll(healthy);
            while (!removals.isEmpty() && !removals.peekFirst().plus(window).isAfter(now)) {
                removals.pollFirst();
            }
            for (String az : new TreeSet<>(inDns)) {
                if (!healthy.contains(az) && removals.size() < maxRemovals && next.size() - 1 >= minAzs) {
                    next.remove(az);
                    removals.addLast(now);
                }
            }
        }
        List<String> removed = inDns.stream().filter(az -> !next.contains(az)).sorted().toList();
        inDns = Set.copyOf(next);
        return removed;
    }

    /** AZs in DNS in the order of {@code azs}. */
    public List<String> inDnsOrdered() {
        Set<String> current = inDns;
        return azs.stream().filter(current::contains).toList();
    }
}
