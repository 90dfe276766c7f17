package io.cascadelab.platform.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.http.conn.DnsResolver;

/**
 * Plugs the {@link ZoneResolver} into Apache HttpClient, and so into the AWS SDK v2 {@code ApacheHttpClient}
 * ({@code ApacheHttpClient.builder().dnsResolver(...)}): every new connection resolves through our zone.
 */
public final class ZoneDnsResolver implements DnsResolver {

    private final ZoneResolver resolver;

    public ZoneDnsResolver(ZoneResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return resolver.resolve(host);
    }
}
