package io.cascadelab.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ZoneLookupTest {

    static final Name ZONE = Name.fromConstantString("cascade.test.");
    static final Name NLB = Name.fromConstantString("app.nlb.us-east-1.cascade.test.");
    static final String NLB_NAME = "app.nlb.us-east-1.cascade.test";
    /** SOA TTL 300, MINIMUM 120: negative answers live 120 incident seconds. */
    static final SOARecord SOA = new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString("ns1.cascade.test."),
            Name.fromConstantString("hostmaster.cascade.test."), 1, 60, 60, 86400, 120);

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock wall = Clock.fixed(NOW, ZoneOffset.UTC);
    private UdpDnsResponder dns;

    @BeforeEach
    void start() throws IOException {
        dns = new UdpDnsResponder(ZONE, SOA);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private ZoneLookup lookup(double timeScale) {
        return new ZoneLookup(dns.address(), timeScale, Duration.ofMillis(300), wall);
    }

    static ARecord a(Name name, long ttl, String address) throws IOException {
        return new ARecord(name, DClass.IN, ttl, InetAddress.getByName(address));
    }

    @Test
    void asksTheZoneServerOnItsOwnPortAndScalesTheTtlFromIncidentToWallTime() throws IOException {
        dns.set(NLB, a(NLB, 60, "127.0.2.1"), a(NLB, 60, "127.0.2.2"), a(NLB, 60, "127.0.2.3"));
        assertThat(dns.address().getPort()).isNotEqualTo(53);

        ZoneLookup.Answer answer = lookup(60).resolve(NLB_NAME);

        assertThat(answer.outcome()).isEqualTo(ZoneLookup.Outcome.ANSWER);
        assertThat(answer.hasAddresses()).isTrue();
        assertThat(answer.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactlyInAnyOrder("127.0.2.1", "127.0.2.2", "127.0.2.3");
        // 60 incident seconds at 60x: one wall second.
        assertThat(answer.expiresAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(dns.questions()).hasSize(1);
        assertThat(dns.questions().get(0).getName()).isEqualTo(NLB);
        assertThat(dns.questions().get(0).getType()).isEqualTo(Type.A);

        // The same answer at 6x lasts ten wall seconds.
        assertThat(lookup(6).resolve(NLB_NAME).expiresAt()).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void everyAddressGetsPicked() throws IOException {
        dns.set(NLB, a(NLB, 60, "127.0.2.1"), a(NLB, 60, "127.0.2.2"), a(NLB, 60, "127.0.2.3"));
        ZoneLookup.Answer answer = lookup(60).resolve(NLB_NAME);
        SplittableRandom random = new SplittableRandom(7);
        java.util.Set<String> picked = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            picked.add(answer.pick(random).getHostAddress());
        }
        assertThat(picked).containsExactlyInAnyOrder("127.0.2.1", "127.0.2.2", "127.0.2.3");
    }

    @Test
    void theShortestTtlInTheAnswerDecides() throws IOException {
        Name target = Name.fromConstantString("nodes.nlb.us-east-1.cascade.test.");
        dns.set(NLB, new CNAMERecord(NLB, DClass.IN, 30, target), a(target, 120, "127.0.2.1"));

        ZoneLookup.Answer answer = lookup(10).resolve(NLB_NAME);

        assertThat(answer.addresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.2.1");
        assertThat(answer.expiresAt()).isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void aMissingNameIsNxdomainCachedForTheSoaMinimum() {
        ZoneLookup.Answer answer = lookup(60).resolve(NLB_NAME);

        assertThat(answer.outcome()).isEqualTo(ZoneLookup.Outcome.NXDOMAIN);
        assertThat(answer.hasAddresses()).isFalse();
        assertThat(answer.failure()).isEqualTo("no such name (NXDOMAIN)");
        // min(SOA TTL 300, MINIMUM 120) = 120 incident seconds = 2 wall seconds at 60x.
        assertThat(answer.expiresAt()).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void aNameWithoutARecordsFallsBackToAaaaAndOtherwiseIsNodata() throws IOException {
        dns.set(NLB, new AAAARecord(NLB, DClass.IN, 60, InetAddress.getByName("::1")));
        ZoneLookup.Answer v6 = lookup(60).resolve(NLB_NAME);
        assertThat(v6.outcome()).isEqualTo(ZoneLookup.Outcome.ANSWER);
        assertThat(v6.addresses()).extracting(InetAddress::getHostAddress).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(dns.questions()).extracting(Record::getType).containsExactly(Type.A, Type.AAAA);

        dns.set(NLB, new TXTRecord(NLB, DClass.IN, 60, "plan=7"));
        ZoneLookup.Answer none = lookup(60).resolve(NLB_NAME);
        assertThat(none.outcome()).isEqualTo(ZoneLookup.Outcome.NODATA);
        assertThat(none.failure()).isEqualTo("no address (NODATA)");
        assertThat(none.expiresAt()).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void aServerFailureIsAnErrorThatIsNeverCached() throws IOException {
        dns.set(NLB, a(NLB, 60, "127.0.2.1"));
        dns.mode(UdpDnsResponder.Mode.SERVFAIL);

        ZoneLookup.Answer answer = lookup(60).resolve(NLB_NAME);

        assertThat(answer.outcome()).isEqualTo(ZoneLookup.Outcome.ERROR);
        assertThat(answer.failure()).isEqualTo("lookup failed (SERVFAIL)");
        assertThat(answer.expiresAt()).isEqualTo(NOW);
    }

    @Test
    void aSilentServerIsATimeout() {
        dns.mode(UdpDnsResponder.Mode.SILENT);

        ZoneLookup.Answer answer = lookup(60).resolve(NLB_NAME);

        assertThat(answer.outcome()).isEqualTo(ZoneLookup.Outcome.ERROR);
        assertThat(answer.failure()).isEqualTo("lookup failed (timeout)");
        assertThat(dns.questions()).isNotEmpty();
    }

    @Test
    void noServerAtAllIsAnErrorNotAnEmptyAnswer() {
        InetSocketAddress nobody = dns.address();
        dns.close();

        ZoneLookup.Answer answer = new ZoneLookup(nobody, 60, Duration.ofMillis(300), wall).resolve(NLB_NAME);

        assertThat(answer.outcome()).isEqualTo(ZoneLookup.Outcome.ERROR);
        assertThat(answer.reason()).isIn("timeout", "unreachable");
    }

    @Test
    void failureReasonsAreShortAndStable() {
        assertThat(ZoneLookup.reason(new SocketTimeoutException("Query timed out"))).isEqualTo("timeout");
        assertThat(ZoneLookup.reason(new IOException("Timed out while trying to resolve x./A, id=4711")))
                .isEqualTo("timeout");
        assertThat(ZoneLookup.reason(new java.net.PortUnreachableException())).isEqualTo("unreachable");
    }

    @Test
    void incidentSecondsBecomeWallTime() {
        assertThat(lookup(60).toWall(60)).isEqualTo(Duration.ofSeconds(1));
        assertThat(lookup(1).toWall(60)).isEqualTo(Duration.ofSeconds(60));
        assertThat(lookup(120).toWall(1)).isEqualTo(Duration.ofNanos(8_333_333));
    }
}
