package io.cascadelab.dynamo.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IPv4 address a node announces to the DNS Planner. The planner copies it as is into the value of the
 * regional endpoint's A record, so it must be an address, reachable from every client, never a name and never
 * the wildcard a server binds to in a container ({@code 0.0.0.0}).
 *
 * <p>Configured as a literal (the launcher's {@code 127.0.1.n}, a pod's IP from the downward API) it is announced
 * as given. Configured as a host name (a compose service name) it is resolved at every announcement, so a
 * container that comes back with another address announces the new one; while the name does not resolve to an
 * IPv4 address there is nothing to announce, and the planner's node timeout retires the node.
 */
public final class AnnouncedAddress {

    /** Name resolution, injected so tests decide what a name resolves to. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String configured;
    private final Resolver resolver;

    /**
     * @param configured an IPv4 literal or a host name
     * @throws IllegalArgumentException for a blank value, an IPv6 literal (A records hold IPv4 addresses; use
     *                                  {@code cascade.dynamo.node.ipv6-address}) or the IPv4 wildcard
     */
    public AnnouncedAddress(String configured, Resolver resolver) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("a dynamo node needs an address to announce");
        }
        if (configured.contains(":")) {
            throw new IllegalArgumentException("'" + configured + "' is not an IPv4 address or host name: the planner "
                    + "writes it into A records (IPv6 goes in cascade.dynamo.node.ipv6-address)");
        }
        if (IPV4_LITERAL.matcher(configured).matches() && wildcard(configured)) {
            throw new IllegalArgumentException(configured + " is the wildcard address a server binds to, not one a "
                    + "client can reach: set cascade.dynamo.node.address to this node's reachable address");
        }
        this.configured = configured;
        this.resolver = resolver;
    }

    /** The address as the JVM resolves names (the container's resolver, not the simulated zone). */
    public static AnnouncedAddress of(String configured) {
        return new AnnouncedAddress(configured, InetAddress::getAllByName);
    }

    /** The address to announce now, or empty when a configured name does not resolve to a usable IPv4 address. */
    public Optional<String> current() {
        if (IPV4_LITERAL.matcher(configured).matches()) {
            return Optional.of(configured);
        }
        try {
            return Arrays.stream(resolver.resolve(configured))
                    .filter(Inet4Address.class::isInstance)
                    .filter(address -> !address.isAnyLocalAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** What was configured, for log lines. */
    public String configured() {
        return configured;
    }

    private static boolean wildcard(String literal) {
        return literal.equals("0.0.0.0");
    }

    @Override
    public String toString() {
        return configured;
    }
}
