package io.cascadelab.loadtests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

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
 * One lookup of a name in Cascade's zone, asked of the zone's authoritative server and nobody else (a name in
 * the simulated zone must never reach the system resolver), interpreted the way the platform's
 * {@code ZoneResolver} — which the game day's built-in customers use — interprets it: A records, or AAAA when
 * the name has no A records; a positive answer lives for the smallest TTL in the answer, a negative one for
 * the lesser of the SOA's TTL and MINIMUM (RFC 2308), and both TTLs are <em>incident</em> seconds (the zone's
 * convention), so they are divided by the fleet's time scale to get wall time. Errors (SERVFAIL, REFUSED, no
 * answer within the timeout) are never cached. dnsjava's {@link SimpleResolver} repeats a truncated UDP
 * answer over TCP.
 */
public final class ZoneLookup {

    public enum Outcome { ANSWER, NODATA, NXDOMAIN, ERROR }

    /**
     * @param expiresAt wall instant until which the answer may be used; an error expires at once
     * @param reason    for an error, a short and stable reason: the response code ({@code SERVFAIL},
     *                  {@code REFUSED}, ...), {@code timeout}, or {@code unreachable}
     */
    public record Answer(Outcome outcome, List<InetAddress> addresses, Instant expiresAt, String reason) {

        public Answer {
            addresses = List.copyOf(addresses);
        }

        public boolean hasAddresses() {
            return outcome == Outcome.ANSWER && !addresses.isEmpty();
        }

        /** One of the addresses, chosen at random, as a client picks among the values of a record. */
        public InetAddress pick(RandomGenerator random) {
            if (!hasAddresses()) {
                throw new IllegalStateException("no address: " + failure());
            }
            return addresses.get(random.nextInt(addresses.size()));
        }

        /** Why a customer got no address, short enough to name a request in a report. */
        public String failure() {
            return switch (outcome) {
                case ANSWER -> "answered";
                case NODATA -> "no address (NODATA)";
                case NXDOMAIN -> "no such name (NXDOMAIN)";
                case ERROR -> "lookup failed (" + reason + ")";
            };
        }
    }

    private final InetSocketAddress server;
    private final double timeScale;
    private final Duration timeout;
    private final Clock wall;

    /**
     * @param server    the zone's authoritative DNS server (any port)
     * @param timeScale incident seconds per wall second of the fleet being measured
     * @param timeout   how long to wait for an answer (wall)
     */
    public ZoneLookup(InetSocketAddress server, double timeScale, Duration timeout, Clock wall) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a positive number, got " + timeScale);
        }
        this.server = server;
        this.timeScale = timeScale;
        this.timeout = timeout;
        this.wall = wall;
    }

    public InetSocketAddress server() {
        return server;
    }

    /** A records of {@code host}, or its AAAA records when it has no A records. */
    public Answer resolve(String host) {
        Answer v4 = query(host, Type.A);
        return v4.outcome() == Outcome.NODATA ? query(host, Type.AAAA) : v4;
    }

    Answer query(String host, int type) {
        Instant now = wall.instant();
        Name name = absolute(host);
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            return interpret(response, type, now);
        } catch (IOException e) {
            return new Answer(Outcome.ERROR, List.of(), now, reason(e));
        }
    }

    /** Short enough to name a request in a report (dnsjava's messages carry the query id). */
    static String reason(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e instanceof SocketTimeoutException || message.contains("timed out") ? "timeout" : "unreachable";
    }

    Answer interpret(Message response, int type, Instant now) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new Answer(Outcome.ERROR, List.of(), now, Rcode.string(rcode));
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
            return new Answer(Outcome.ANSWER, addresses, now.plus(toWall(minTtl)), "");
        }
        Outcome outcome = rcode == Rcode.NXDOMAIN ? Outcome.NXDOMAIN : Outcome.NODATA;
        return new Answer(outcome, List.of(), now.plus(toWall(negativeTtl(response))), "");
    }

    /** Incident seconds, as the zone writes TTLs, to wall time at this fleet's time scale. */
    Duration toWall(long incidentSeconds) {
        return Duration.ofNanos(Math.round(incidentSeconds * 1_000_000_000d / timeScale));
    }

    private static long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return 0;
    }

    static Name absolute(String host) {
        try {
            return Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + host, e);
        }
    }
}
