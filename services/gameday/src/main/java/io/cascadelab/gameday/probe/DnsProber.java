package io.cascadelab.gameday.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the authoritative server, with no cache in between, how many addresses each probed endpoint has
 * right now: {@code cascade.dns.endpoint.addresses{endpoint}}. This is the ground truth the game day
 * watches; clients see it later, through their caches.
 */
public final class DnsProber {

    /** @param name endpoint name; @param type {@code A} or {@code AAAA} */
    public record Endpoint(String name, String type) {

        static Endpoint parse(String spec) {
            int slash = spec.lastIndexOf('/');
            String type = slash < 0 ? "A" : spec.substring(slash + 1).toUpperCase();
            if (!type.equals("A") && !type.equals("AAAA")) {
                throw new IllegalArgumentException("probe type must be A or AAAA: " + spec);
            }
            return new Endpoint(slash < 0 ? spec : spec.substring(0, slash), type);
        }
    }

    private final InetSocketAddress server;
    private final Duration timeout;
    private final List<Endpoint> endpoints;
    private final Map<String, AtomicInteger> addresses = new ConcurrentHashMap<>();
    private final Counter failures;

    public DnsProber(InetSocketAddress server, Duration timeout, List<String> endpointSpecs, MeterRegistry registry) {
        this.server = server;
        this.timeout = timeout;
        this.endpoints = endpointSpecs.stream().map(Endpoint::parse).toList();
        this.failures = Counter.builder("cascade.dns.probe.failures")
                .description("Probes the authoritative server did not answer").register(registry);
        for (Endpoint endpoint : endpoints) {
            AtomicInteger count = new AtomicInteger(-1);
            addresses.put(endpoint.name(), count);
            Gauge.builder("cascade.dns.endpoint.addresses", count, AtomicInteger::get)
                    .description("Addresses the authoritative server returns for the endpoint (-1: no answer)")
                    .tag("endpoint", endpoint.name()).register(registry);
        }
    }

    public void probeAll() {
        for (Endpoint endpoint : endpoints) {
            addresses.get(endpoint.name()).set(probe(endpoint));
        }
    }

    /** Latest count per endpoint name (-1 when the server did not answer). */
    public Map<String, Integer> latest() {
        Map<String, Integer> snapshot = new java.util.LinkedHashMap<>();
        endpoints.forEach(endpoint -> snapshot.put(endpoint.name(), addresses.get(endpoint.name()).get()));
        return snapshot;
    }

    int probe(Endpoint endpoint) {
        try {
            int type = Type.value(endpoint.type());
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Name name = Name.fromString(endpoint.name().endsWith(".") ? endpoint.name() : endpoint.name() + ".");
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                failures.increment();
                return -1;
            }
            return (int) response.getSection(Section.ANSWER).stream().filter(rr -> rr.getType() == type).count();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + endpoint.name(), e);
        } catch (IOException e) {
            failures.increment();
            return -1;
        }
    }
}
