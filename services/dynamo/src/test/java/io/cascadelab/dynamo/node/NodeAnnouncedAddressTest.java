package io.cascadelab.dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.dynamo.DynamoProperties;
import io.cascadelab.platform.net.AnnouncedAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What a node puts in its announcement's {@code address} is what the planner writes into the regional name's A
 * records: it has to be an IPv4 address a client can reach, whatever the node was told and however it is bound.
 */
class NodeAnnouncedAddressTest {

    private static final String PROPERTY = "cascade.dynamo.node.address";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-10-20T06:48:00Z"), ZoneOffset.UTC);

    @Test
    void nodeBoundToTheWildcardAnnouncesTheAddressItWasGivenNotTheWildcard() {
        // the chart's dynamo container: bound to every interface, told its pod IP through the downward API
        DynamoProperties properties = bind(Map.of("cascade.dynamo.node.address", "10.244.1.7",
                "cascade.dynamo.node.ipv6-address", "::ffff:10.244.1.7"));

        DynamoNodeAnnounced announced = announcer(
                AnnouncedAddress.of(PROPERTY, properties.node().announcedAddress("0.0.0.0")), properties)
                .current().orElseThrow();

        assertThat(announced.address()).isEqualTo("10.244.1.7");
        assertThat(announced.ipv6Address()).isEqualTo("::ffff:10.244.1.7");
    }

    @Test
    void withoutAnAddressTheServerAddressIsAnnouncedAsTheLauncherBindsEachNode() {
        DynamoProperties properties = bind(Map.of());

        assertThat(AnnouncedAddress.of(PROPERTY, properties.node().announcedAddress("127.0.1.2")).current())
                .contains("127.0.1.2");
    }

    @Test
    void wildcardAddressIsRefusedAtStartRatherThanAnnouncedToThePlanner() {
        DynamoProperties properties = bind(Map.of());

        assertThatThrownBy(() -> AnnouncedAddress.of(PROPERTY, properties.node().announcedAddress("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cascade.dynamo.node.address");
    }

    @Test
    void hostNameIsResolvedAtEveryAnnouncementToItsIpv4Address() throws UnknownHostException {
        AtomicReference<InetAddress[]> answer = new AtomicReference<>(new InetAddress[] {
                InetAddress.getByName("fd00::7"), InetAddress.getByName("172.18.0.5")});
        AnnouncedAddress address = new AnnouncedAddress(PROPERTY, "dynamo-1", host -> {
            assertThat(host).isEqualTo("dynamo-1");
            return answer.get();
        });
        NodeAnnouncer announcer = announcer(address, bind(Map.of()));

        assertThat(announcer.current()).map(DynamoNodeAnnounced::address).contains("172.18.0.5");
        // the container came back with another address: the next announcement carries it
        answer.set(new InetAddress[] {InetAddress.getByName("172.18.0.9")});
        assertThat(announcer.current()).map(DynamoNodeAnnounced::address).contains("172.18.0.9");
    }

    @Test
    void nameThatDoesNotResolveAnnouncesNothingRatherThanAName() {
        AnnouncedAddress address = new AnnouncedAddress(PROPERTY, "dynamo-1", host -> {
            throw new UnknownHostException(host);
        });

        assertThat(address.current()).isEmpty();
        assertThat(announcer(address, bind(Map.of())).current()).isEmpty();
    }



    private static NodeAnnouncer announcer(AnnouncedAddress address, DynamoProperties properties) {
        return new NodeAnnouncer(null, null, CLOCK, new NodeAnnouncer.Identity("dynamo-1", "az1", address,
                properties.node().ipv6Address(), properties.capacity().requestsPerSecond()), () -> 18000, () -> true);
    }

    /** The properties as Spring Boot binds the command line the chart and the launcher pass. */
    private static DynamoProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("cascade.dynamo", DynamoProperties.class);
    }
}
