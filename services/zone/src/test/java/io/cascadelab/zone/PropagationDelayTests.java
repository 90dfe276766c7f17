package io.cascadelab.zone;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a propagation delay, a change is PENDING and invisible in DNS until the delay has passed. */
@TestPropertySource(properties = {"cascade.time-scale=60", "cascade.zone.dns.propagation-delay=90s"})
class PropagationDelayTests extends ZoneTestSupport {

    @Test
    void changeIsPendingAndNotServedUntilPropagatedThenInsyncAndServed() throws Exception {
        try (Route53Client r53 = route53()) {
            ChangeInfo info = Route53ApiTests.apply(r53,
                    change(ChangeAction.CREATE, "slow.cascade.test.", RRType.A, 60, "10.40.0.1"));
            assertThat(info.status()).isEqualTo(ChangeStatus.PENDING);
            assertThat(rcode("slow.cascade.test.")).isEqualTo(Rcode.NXDOMAIN);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                    () -> r53.getChange(b -> b.id(info.id())).changeInfo().status() == ChangeStatus.INSYNC);
            assertThat(rcode("slow.cascade.test.")).isEqualTo(Rcode.NOERROR);
        }
    }

    private int rcode(String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsServer.port());
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))).getRcode();
    }
}
