package io.cascadelab.platform.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One installed fault: what it does to this instance's traffic, and when it lifts by itself. Any of the
 * three parts may be null. Faults change the environment (latency, loss, refused connections, broken DNS
 * answers); they never set an outcome.
 *
 * @param id         caller's name for it (a Chaos Mesh experiment's name, typically)
 * @param egress     what happens to this instance's outgoing connections
 * @param ingress    what happens to requests this instance receives
 * @param dns        what happens to this instance's DNS lookups
 * @param expiresAt  wall-clock instant the fault removes itself
 */
public record Fault(String id, Egress egress, Ingress ingress, Dns dns, Instant expiresAt) {

    /**
     * Outgoing traffic toward {@code destinations} (host, IP or host:port; {@code *.suffix} globs; empty
     * means everywhere), like Chaos Mesh's NetworkChaos {@code delay}, {@code loss} and {@code partition}.
     *
     * @param latency       added to every request
     * @param jitter        up to this much more (or less), varied around the latency
     * @param correlation   0..1, how much each jitter draw follows the previous one (netem's meaning)
     * @param lossPercent   chance a request is lost: it stalls, then times out
     * @param errorPercent  chance a connection is refused at once
     */
    public record Egress(List<String> destinations, Duration latency, Duration jitter, Double correlation,
                         Double lossPercent, Double errorPercent) {

        public Egress {
            destinations = destinations == null ? List.of() : List.copyOf(destinations);
            latency = latency == null ? Duration.ZERO : latency;
            jitter = jitter == null ? Duration.ZERO : jitter;
            correlation = correlation == null ? 0.0 : correlation;
            lossPercent = lossPercent == null ? 0.0 : lossPercent;
            errorPercent = errorPercent == null ? 0.0 : errorPercent;
            requirePercent("correlation", correlation * 100);
            requirePercent("lossPercent", lossPercent);
            requirePercent("errorPercent", errorPercent);
            requireNonNegative("latency", latency);
            requireNonNegative("jitter", jitter);
        }
    }

    /**
     * Requests received on paths starting with one of {@code paths} (empty means all), like Chaos Mesh's
     * HTTPChaos {@code delay} and {@code abort}.
     */
    public record Ingress(List<String> paths, Duration delay, Double abortPercent) {

        public Ingress {
            paths = paths == null ? List.of() : List.copyOf(paths);
            abortPercent = abortPercent == null ? 0.0 : abortPercent;
            delay = delay == null ? Duration.ZERO : delay;
            requireNonNegative("delay", delay);
            requirePercent("abortPercent", abortPercent);
        }
    }

    /**
     * Lookups of names matching {@code patterns} (exact or {@code *.suffix}; empty means all), like Chaos
     * Mesh's DNSChaos: {@code error} answers SERVFAIL, {@code random} answers a random address.
     */
    public record Dns(List<String> patterns, Action action) {

        public enum Action { ERROR, RANDOM }

        public Dns {
            patterns = patterns == null ? List.of() : List.copyOf(patterns);
            if (action == null) {
                throw new IllegalArgumentException("dns.action must be error or random");
            }
        }
    }

    public Fault {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("fault id must be 1-63 letters, digits, '.', '_' or '-'");
        }
        if (egress == null && ingress == null && dns == null) {
            throw new IllegalArgumentException("a fault needs at least one of egress, ingress, dns");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("a fault needs an expiry");
        }
    }

    static void requirePercent(String name, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100, got " + value);
        }
    }

    static void requireNonNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    /** Whether {@code host} (optionally with {@code port}) is among {@code patterns}; empty matches all. */
    static boolean matches(List<String> patterns, String host, int port) {
        if (patterns.isEmpty()) {
            return true;
        }
        String bare = stripDot(host);
        for (String pattern : patterns) {
            String p = stripDot(pattern);
            if (p.equals("*") || p.equalsIgnoreCase(bare) || p.equalsIgnoreCase(bare + ":" + port)) {
                return true;
            }
            if (p.startsWith("*.") && bare.toLowerCase().endsWith(p.substring(1).toLowerCase())) {
                return true;
            }
        }
        return false;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Duration of a fault that lasts until cleared, yet still cannot outlive a forgotten game day. */
    public static final Duration LONGEST = Duration.ofHours(24);
}
