package io.cascadelab.platform.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.cascadelab.platform.fault.Fault;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.testing.MutableClock;
import io.cascadelab.platform.testing.TestDnsServer;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

class ZoneResolverTest {

    private static final Name ZONE = Name.fromConstantString("cascade.test.");
    private static final Name REGIONAL = Name.fromConstantString("dynamodb.us-east-1.cascade.test.");

    private final MutableClock wall = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FaultHook faults = new FaultHook(wall, new SplittableRandom(1), registry);
    private TestDnsServer server;
    private ZoneResolver resolver;

    @BeforeEach
    void start() throws IOException {
        // SOA record TTL 300 s, MINIMUM 120 s: negative answers live for 120 incident seconds.
        SOARecord soa = new SOARecord(ZONE, DClass.IN, 300, Name.fromConstantString("ns1.cascade.test."),
                Name.fromConstantString("hostmaster.cascade.test."), 1, 60, 60, 86400, 120);
        server = new TestDnsServer(ZONE, soa);
        // At 60x, a 60 s record TTL lasts one wall second.
        resolver = new ZoneResolver(server.address(), "cascade.test", Duration.ofSeconds(1), new TimeScale(60), wall,
                faults, registry);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static ARecord a(Name name, long ttl, String address) throws UnknownHostException {
        return new ARecord(name, DClass.IN, ttl, InetAddress.getByName(address));
    }

    @Test
    void answersComeFromTheServerAndStayCachedForTheirScaledTtl() throws Exception {
        server.set(REGIONAL, List.of(a(REGIONAL, 60, "127.0.1.1"), a(REGIONAL, 60, "127.0.1.2")));
        assertThat(resolver.resolve("dynamodb.us-east-1.cascade.test"))
                .extracting(InetAddress::getHostAddress).containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2");

        server.remove(REGIONAL);
        wall.advance(Duration.ofMillis(900));
        assertThat(resolver.resolve("dynamodb.us-east-1.cascade.test")).hasSize(2);
        assertThat(server.udpQueries()).isEqualTo(1);

        wall.advance(Duration.ofMillis(200));
        assertThatThrownBy(() -> resolver.resolve("dynamodb.us-east-1.cascade.test"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("NXDOMAIN");
    }

    @Test
    void negativeAnswersAreCachedForTheSoaMinimum() throws Exception {
        assertThatThrownBy(() -> resolver.resolve("dynamodb.us-east-1.cascade.test"))
                .isInstanceOf(UnknownHostException.class);
        server.set(REGIONAL, List.of(a(REGIONAL, 60, "127.0.1.1")));

        wall.advance(Duration.ofMillis(1900));
        assertThatThrownBy(() -> resolver.resolve("dynamodb.us-east-1.cascade.test"))
                .isInstanceOf(UnknownHostException.class);
        assertThat(server.udpQueries()).isEqualTo(1);

        wall.advance(Duration.ofMillis(200));
        assertThat(resolver.resolve("dynamodb.us-east-1.cascade.test")).hasSize(1);
    }

    @Test
    void aNameWithNoAddressesIsNodataNotAnError() throws Exception {
        server.set(REGIONAL, List.of(new org.xbill.DNS.TXTRecord(REGIONAL, DClass.IN, 60, "plan=7")));
        ZoneResolver.Lookup lookup = resolver.lookup("dynamodb.us-east-1.cascade.test", org.xbill.DNS.Type.A);
        assertThat(lookup.outcome()).isEqualTo(ZoneResolver.Outcome.NODATA);
        assertThat(lookup.expiresAt()).isEqualTo(wall.instant().plusSeconds(2));
    }

    @Test
    void aTruncatedAnswerIsFetchedAgainOverTcp() throws Exception {
        List<Record> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(a(REGIONAL, 60, "127.0.2." + i));
        }
        server.set(REGIONAL, many);
        assertThat(resolver.resolve("dynamodb.us-east-1.cascade.test")).hasSize(60);
        assertThat(server.tcpQueries()).isEqualTo(1);
    }

    @Test
    void namesOutsideTheZoneNeverReachTheZoneServer() throws Exception {
        assertThat(resolver.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(resolver.resolve("localhost")).isNotEmpty();
        assertThat(server.udpQueries()).isZero();
        assertThat(resolver.inZone("zone.cascade.test")).isTrue();
        assertThat(resolver.inZone("cascade.test.example")).isFalse();
    }

    @Test
    void aDnsFaultFailsLookupsWithoutCachingTheFailure() throws Exception {
        server.set(REGIONAL, List.of(a(REGIONAL, 60, "127.0.1.1")));
        faults.install(new Fault("dns-error", null, null, new Fault.Dns(List.of(), Fault.Dns.Action.ERROR),
                wall.instant().plusSeconds(5)));
        assertThatThrownBy(() -> resolver.resolve("dynamodb.us-east-1.cascade.test"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("SERVFAIL");
        faults.clear();
        assertThat(resolver.resolve("dynamodb.us-east-1.cascade.test")).hasSize(1);
    }

    @Test
    void anUnreachableServerIsAnErrorNotAnEmptyAnswer() throws Exception {
        server.close();
        ZoneResolver.Lookup lookup = resolver.lookup("dynamodb.us-east-1.cascade.test", org.xbill.DNS.Type.A);
        assertThat(lookup.outcome()).isEqualTo(ZoneResolver.Outcome.ERROR);
        assertThat(registry.get("cascade.dns.client.lookups").tag("outcome", "error").tag("cache", "miss")
                .counter().count()).isEqualTo(1);
    }
}
