package io.cascadelab.zone;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;

import static io.cascadelab.zone.Route53ApiTests.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real DNS over UDP and TCP against the embedded server, with data put in through the Route 53 API. */
class AuthoritativeDnsTests extends ZoneTestSupport {

    private static boolean loaded;

    @BeforeEach
    void zoneData() {
        synchronized (AuthoritativeDnsTests.class) {
            if (loaded) {
                return;
            }
            try (Route53Client r53 = route53()) {
                List<String> manyTexts = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    manyTexts.add("\"padding-value-number-" + i + "-xxxxxxxxxxxxxxxx\"");
                }
                var info = apply(r53,
                        change(ChangeAction.UPSERT, "api.dns.cascade.test.", RRType.A, 42, "10.10.0.1", "10.10.0.2"),
                        change(ChangeAction.UPSERT, "api.dns.cascade.test.", RRType.AAAA, 42, "fd00::1"),
                        change(ChangeAction.UPSERT, "alias.dns.cascade.test.", RRType.CNAME, 300, "www.dns.cascade.test."),
                        change(ChangeAction.UPSERT, "www.dns.cascade.test.", RRType.CNAME, 300, "api.dns.cascade.test."),
                        change(ChangeAction.UPSERT, "dangling.dns.cascade.test.", RRType.CNAME, 300, "gone.dns.cascade.test."),
                        change(ChangeAction.UPSERT, "outside.dns.cascade.test.", RRType.CNAME, 300, "example.org."),
                        change(ChangeAction.UPSERT, "mail.dns.cascade.test.", RRType.MX, 300, "10 api.dns.cascade.test."),
                        change(ChangeAction.UPSERT, "deep.ent.dns.cascade.test.", RRType.A, 60, "10.10.0.9"),
                        change(ChangeAction.UPSERT, "big.dns.cascade.test.", RRType.TXT, 60,
                                manyTexts.toArray(String[]::new)));
                await().atMost(Duration.ofSeconds(10)).until(
                        () -> r53.getChange(b -> b.id(info.id())).changeInfo().status() == ChangeStatus.INSYNC);
            }
            loaded = true;
        }
    }

    @Test
    void answersAuthoritativelyOverUdpAndTcpWithStoredTtls() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            Message response = query("api.dns.cascade.test.", Type.A, tcp);
            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(response.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                    .containsExactlyInAnyOrder("10.10.0.1", "10.10.0.2");
            assertThat(response.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(42));
        }
        assertThat(query("api.dns.cascade.test.", Type.AAAA, false).getSection(Section.ANSWER)).hasSize(1);
        assertThat(query("mail.dns.cascade.test.", Type.MX, false).getSection(Section.ANSWER)).hasSize(1);
        assertThat(query(ZONE, Type.NS, false).getSection(Section.ANSWER)).isNotEmpty();
        assertThat(query(ZONE, Type.SOA, false).getSection(Section.ANSWER)).singleElement()
                .isInstanceOf(SOARecord.class);
    }

    @Test
    void followsCnameChainsInsideTheZone() throws Exception {
        Message response = query("alias.dns.cascade.test.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> answer = response.getSection(Section.ANSWER);
        assertThat(answer).hasSize(4);
        assertThat(((CNAMERecord) answer.get(0)).getTarget()).hasToString("www.dns.cascade.test.");
        assertThat(((CNAMERecord) answer.get(1)).getTarget()).hasToString("api.dns.cascade.test.");
        assertThat(answer.subList(2, 4)).allSatisfy(r -> assertThat(r).isInstanceOf(ARecord.class));

        Message outOfZone = query("outside.dns.cascade.test.", Type.A, false);
        assertThat(outOfZone.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(outOfZone.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
    }

    @Test
    void cnameToAMissingNameIsNxdomainWithTheChainAndTheSoa() throws Exception {
        Message response = query("dangling.dns.cascade.test.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
        assertThat(response.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void missingNameIsNxdomainAndMissingTypeIsNodataBothWithTheNegativeCachingSoa() throws Exception {
        Message nxdomain = query("nothing-here.dns.cascade.test.", Type.A, false);
        assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nxdomain.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(nxdomain.getSection(Section.ANSWER)).isEmpty();
        SOARecord soa = (SOARecord) nxdomain.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getMinimum()).isEqualTo(30);
        assertThat(soa.getTTL()).isEqualTo(30); // min(SOA TTL, MINIMUM), RFC 2308

        Message nodata = query("api.dns.cascade.test.", Type.TXT, false);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

        Message emptyNonTerminal = query("ent.dns.cascade.test.", Type.A, false);
        assertThat(emptyNonTerminal.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(emptyNonTerminal.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void largeAnswersAreTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        SimpleResolver udp = resolver(false);
        udp.setIgnoreTruncation(true);
        Message truncated = udp.send(Message.newQuery(Record.newRecord(Name.fromString("big.dns.cascade.test."),
                Type.TXT, DClass.IN)));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.toWire().length).isLessThanOrEqualTo(512);

        Message full = query("big.dns.cascade.test.", Type.TXT, true);
        assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(full.getSection(Section.ANSWER)).hasSize(30);

        // the stock resolver retries over TCP by itself when it sees TC
        assertThat(query("big.dns.cascade.test.", Type.TXT, false).getSection(Section.ANSWER)).hasSize(30);
    }

    @Test
    void namesOutsideEveryHostedZoneAreRefused() throws Exception {
        Message response = query("www.example.com.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void malformedQueriesGetFormerr() throws Exception {
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 'x'};
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(), dnsServer.port()));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            Message response = new Message(java.util.Arrays.copyOf(buffer, reply.getLength()));
            assertThat(response.getHeader().getID()).isEqualTo(0x1234);
            assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
        }
    }

    @Test
    void aChangeThroughTheApiShowsUpInDnsWithABumpedSerial() throws Exception {
        long serialBefore = ((SOARecord) query(ZONE, Type.SOA, false).getSection(Section.ANSWER).get(0)).getSerial();
        assertThat(query("new.dns.cascade.test.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        try (Route53Client r53 = route53()) {
            var info = apply(r53, change(ChangeAction.CREATE, "new.dns.cascade.test.", RRType.A, 5, "10.20.0.1"));
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> r53.getChange(b -> b.id(info.id())).changeInfo().status() == ChangeStatus.INSYNC);
        }
        // INSYNC means DNS already answers with it: no waiting here
        Message response = query("new.dns.cascade.test.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                .isEqualTo("10.20.0.1");
        long serialAfter = ((SOARecord) query(ZONE, Type.SOA, false).getSection(Section.ANSWER).get(0)).getSerial();
        assertThat(serialAfter).isGreaterThan(serialBefore);
    }

    private Message query(String name, int type, boolean tcp) throws Exception {
        return resolver(tcp).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private SimpleResolver resolver(boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsServer.port());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }
}
