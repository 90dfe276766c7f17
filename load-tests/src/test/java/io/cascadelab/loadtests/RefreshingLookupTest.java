package io.cascadelab.loadtests;

import static io.cascadelab.loadtests.ZoneLookupTest.NLB;
import static io.cascadelab.loadtests.ZoneLookupTest.NLB_NAME;
import static io.cascadelab.loadtests.ZoneLookupTest.SOA;
import static io.cascadelab.loadtests.ZoneLookupTest.ZONE;
import static io.cascadelab.loadtests.ZoneLookupTest.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefreshingLookupTest {

    private UdpDnsResponder dns;
    private RefreshingLookup lookup;

    @BeforeEach
    void start() throws IOException {
        dns = new UdpDnsResponder(ZONE, SOA);
    }

    @AfterEach
    void stop() {
        if (lookup != null) {
            lookup.close();
        }
        dns.close();
    }

    /** At 30x a 60-incident-second TTL lasts two wall seconds. */
    private RefreshingLookup refreshing(double timeScale) {
        lookup = new RefreshingLookup(new ZoneLookup(dns.address(), timeScale, Duration.ofMillis(300),
                Clock.systemUTC()), NLB_NAME, Clock.systemUTC(), Duration.ofMillis(100));
        return lookup;
    }

    private static String address(RefreshingLookup lookup) {
        return lookup.current().addresses().stream().map(InetAddress::getHostAddress).findFirst().orElse("none");
    }

    @Test
    void theAnswerIsKeptForItsTtlThenAskedForAgain() throws Exception {
        dns.set(NLB, a(NLB, 60, "127.0.2.1"));
        RefreshingLookup nlb = refreshing(30);
        assertThatThrownBy(nlb::current).isInstanceOf(IllegalStateException.class);

        nlb.start();
        assertThat(address(nlb)).isEqualTo("127.0.2.1");
        dns.set(NLB, a(NLB, 60, "127.0.2.3"));
        // Cached: the record changed at the server, the customers still use the answer they have.
        assertThat(address(nlb)).isEqualTo("127.0.2.1");
        assertThat(nlb.lookups()).isEqualTo(1);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!address(nlb).equals("127.0.2.3") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(address(nlb)).isEqualTo("127.0.2.3");
        // One refresh per TTL, not a poll: a couple of lookups at most by the time it changed.
        assertThat(nlb.lookups()).isBetween(2L, 3L);
    }

    @Test
    void anEmptiedNameReachesTheCustomersAndErrorsAreRetriedWithoutABusyLoop() throws Exception {
        dns.set(NLB, a(NLB, 6, "127.0.2.1"));
        RefreshingLookup nlb = refreshing(60).start();   // TTL 100 ms
        assertThat(nlb.current().hasAddresses()).isTrue();

        dns.mode(UdpDnsResponder.Mode.SERVFAIL);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (nlb.current().hasAddresses() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(nlb.current().failure()).isEqualTo("lookup failed (SERVFAIL)");

        long before = nlb.lookups();
        Thread.sleep(1000);
        long during = nlb.lookups() - before;
        // Asked again every 100 ms (the floor), not as fast as the server answers.
        assertThat(during).isBetween(2L, 30L);

        nlb.close();
        long closedAt = nlb.lookups();
        Thread.sleep(400);
        assertThat(nlb.lookups()).isLessThanOrEqualTo(closedAt + 1);
    }
}
