package io.cascadelab.platform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/** What goes into an A record is an IPv4 address, whatever the setting says and however the server is bound. */
class AnnouncedAddressTest {

    @Test
    void literalIsUsedWithoutAskingTheResolver() {
        AnnouncedAddress address = new AnnouncedAddress("p", "10.244.2.3", host -> {
            throw new AssertionError("looked up " + host);
        });

        assertThat(address.current()).contains("10.244.2.3");
    }

    @Test
    void nameResolvesToItsFirstIpv4AddressAtEveryUse() throws UnknownHostException {
        InetAddress[][] answer = {{InetAddress.getByName("fd00::7"), InetAddress.getByName("10.96.14.2")}};
        AnnouncedAddress address = new AnnouncedAddress("p", "cascade-nlb-az1", host -> answer[0]);

        assertThat(address.current()).contains("10.96.14.2");
        answer[0] = new InetAddress[] {InetAddress.getByName("10.96.14.9")};
        assertThat(address.current()).contains("10.96.14.9");
    }

    @Test
    void nameWithoutAnIpv4AddressGivesNothingRatherThanTheName() throws UnknownHostException {
        InetAddress[] onlyV6 = {InetAddress.getByName("fd00::7")};

        assertThat(new AnnouncedAddress("p", "nlb", host -> onlyV6).current()).isEmpty();
        assertThat(new AnnouncedAddress("p", "nlb", host -> {
            throw new UnknownHostException(host);
        }).current()).isEmpty();
    }

    @Test
    void wildcardIpv6AndBlankAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> AnnouncedAddress.of("cascade.nlb.node-addresses", "0.0.0.0"))
                .hasMessageStartingWith("cascade.nlb.node-addresses: 0.0.0.0 is the wildcard");
        assertThatThrownBy(() -> AnnouncedAddress.of("cascade.dynamo.node.address", "fd00::7"))
                .hasMessageContaining("cascade.dynamo.node.address").hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> AnnouncedAddress.of("cascade.nlb.node-addresses", " "))
                .hasMessageContaining("cascade.nlb.node-addresses is empty");
    }
}
