package io.cascadelab.platform.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cascadelab.platform.fault.Fault;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A caching stub resolver for the simulated zone, as production clients have: it asks the configured
 * authoritative server over UDP (dnsjava retries over TCP when an answer is truncated), keeps positive
 * answers for their TTL and negative answers for the SOA minimum (RFC 2308), both converted from incident
 * to wall time. Names outside the zone go to the system resolver, so nothing in the zone ever leaks to it.
 */
public final class ZoneResolver {

    private final InetSocketAddress server;
    private final Name zone;
    private final Duration timeout;
    private final TimeScale scale;
    private final Clock wall;
    private final FaultHook faults;
    private final DnsClientMetrics metrics;
    private final Map<CacheKey, Lookup> cache = new ConcurrentHashMap<>();

    public ZoneResolver(InetSocketAddress server, String zoneName, Duration timeout, TimeScale scale, Clock wall,
                        FaultHook faults, MeterRegistry registry) {
        this.server = server;
        this.zone = absolute(zoneName);
        this.timeout = timeout;
        this.scale = scale;
        this.wall = wall;
        this.faults = faults;
        this.metrics = new DnsClientMetrics(registry);
    }

    public InetSocketAddress server() {
        return server;
    }

    /** Whether {@code host} belongs to the simulated zone (and so resolves only through our server). */
    public boolean inZone(String host) {
        try {
            return absolute(host).subdomain(zone);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Addresses for {@code host}: A records, or AAAA when the name has no A records. IP literals and names
     * outside the zone are handed to the system resolver.
     *
     * @throws UnknownHostException when the name does not exist, has no addresses, or the server fails
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (!inZone(host)) {
            return InetAddress.getAllByName(host);
        }
        Lookup v4 = lookup(host, Type.A);
        Lookup answer = v4.outcome() == Outcome.NODATA ? lookup(host, Type.AAAA) : v4;
        if (answer.outcome() != Outcome.ANSWER) {
            throw new UnknownHostException(host + ": " + answer.describe());
        }
        return answer.addresses().toArray(InetAddress[]::new);
    }

    /** A lookup of one name and type, from the cache while its TTL lasts. */
    public Lookup lookup(String host, int type) {
        CacheKey key = new CacheKey(host.toLowerCase(), type);
        Instant now = wall.instant();
        Lookup cached = cache.get(key);
        if (cached != null && cached.expiresAt().isAfter(now)) {
            metrics.record(cached.outcome(), true);
            return cached;
        }
        Lookup fresh = query(host, type, now);
        if (fresh.expiresAt().isAfter(now)) {
            cache.put(key, fresh);
        } else {
            cache.remove(key);
        }
        metrics.record(fresh.outcome(), false);
        return fresh;
    }

    /** Forgets every cached answer (a client restart, in effect). */
    public void flush() {
        cache.clear();
    }

    private Lookup query(String host, int type, Instant now) {
        Name name = absolute(host);
        var dnsFault = faults.onDnsLookup(name.toString(true));
        if (dnsFault.isPresent()) {
            return injected(dnsFault.get(), type, now);
        }
        try {
            faults.beforeEgress(server.getHostString(), server.getPort());
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            return interpret(response, type, now);
        } catch (IOException e) {
            return Lookup.error("no answer from " + server + ": " + e.getMessage(), now);
        }
    }

    private Lookup interpret(Message response, int type, Instant now) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return Lookup.error(Rcode.string(rcode), now);
        }
        List<InetAddress> addresses = new ArrayList<>();
        long minTtl = Long.MAX_VALUE;
        for (Record record : response.getSection(Section.ANSWER)) {
            minTtl = Math.min(minTtl, record.getTTL());
            if (record.getType() == type && record instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (record.getType() == type && record instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        if (!addresses.isEmpty()) {
            return new Lookup(Outcome.ANSWER, List.copyOf(addresses), now.plus(scale.toWall(Duration.ofSeconds(minTtl))), "");
        }
        Outcome outcome = rcode == Rcode.NXDOMAIN ? Outcome.NXDOMAIN : Outcome.NODATA;
        return new Lookup(outcome, List.of(), now.plus(scale.toWall(negativeTtl(response))), outcome.name());
    }

    /** RFC 2308: a negative answer lives for the lesser of the SOA record's TTL and its MINIMUM field. */
    private static Duration negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return Duration.ZERO;
    }

    private Lookup injected(Fault.Dns.Action action, int type, Instant now) {
        if (action == Fault.Dns.Action.RANDOM && type == Type.A) {
            try {
                InetAddress address = InetAddress.getByAddress(faults.randomAddress());
                return new Lookup(Outcome.ANSWER, List.of(address), now, "");
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return Lookup.error("SERVFAIL (injected DNS fault)", now);
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    public enum Outcome { ANSWER, NODATA, NXDOMAIN, ERROR }

    /**
     * @param expiresAt wall instant the answer may be used until; errors expire at once (never cached)
     */
    public record Lookup(Outcome outcome, List<InetAddress> addresses, Instant expiresAt, String detail) {

        static Lookup error(String detail, Instant now) {
            return new Lookup(Outcome.ERROR, List.of(), now, detail);
        }

        String describe() {
            return switch (outcome) {
                case ANSWER -> "answered";
                case NODATA -> "no addresses (NODATA)";
                case NXDOMAIN -> "no such name (NXDOMAIN)";
                case ERROR -> "lookup failed: " + detail;
            };
        }
    }

    private record CacheKey(String name, int type) {
    }
}
