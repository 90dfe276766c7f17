package io.cascadelab.platform.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 address that goes into the value of an A record: a DynamoDB node's (the planner copies it as announced
 * into the regional name) or an NLB data-plane node's (nlb writes its name's record). So it must be an address,
 * reachable from every client, never a name and never the wildcard a server binds to in a container
 * ({@code 0.0.0.0}).
 *
 * <p>Configured as a literal (the launcher's {@code 127.0.1.n}, a pod's IP from the downward API) it is used as
 * given. Configured as a host name (a compose service, a Kubernetes Service) it is resolved each time it is used,
 * so a container that comes back with another address is published with the new one; while the name does not
 * resolve to an IPv4 address there is nothing to publish.
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
     * @param property   the setting it came from, named in the error
     * @param configured an IPv4 literal or a host name
     * @throws IllegalArgumentException for a blank value, an IPv6 literal (A records hold IPv4 addresses) or the
     *                                  IPv4 wildcard
     */
    public AnnouncedAddress(String property, String configured, Resolver resolver) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException(property + " is empty: it needs an address clients can reach");
        }
        if (configured.contains(":")) {
            throw new IllegalArgumentException(property + ": '" + configured + "' is not an IPv4 address or host "
                    + "name, and it goes into an A record");
        }
        if (IPV4_LITERAL.matcher(configured).matches() && configured.equals("0.0.0.0")) {
            throw new IllegalArgumentException(property + ": " + configured + " is the wildcard address a server "
                    + "binds to, not one a client can reach");
        }
        this.configured = configured;
        this.resolver = resolver;
    }

    /** The address as the JVM resolves names (the container's resolver, not the simulated zone). */
    public static AnnouncedAddress of(String property, String configured) {
        return new AnnouncedAddress(property, configured, InetAddress::getAllByName);
    }

    /** The address now, or empty when a configured name does not resolve to a usable IPv4 address. */
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

    @Override
    public String toString() {
        return configured;
    }
}
