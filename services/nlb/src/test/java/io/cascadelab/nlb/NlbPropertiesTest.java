package io.cascadelab.nlb;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cascadelab.nlb.proxy.DataPlaneNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NlbPropertiesTest {

    @Test
    void defaultsAreTheFleetsAddressesAndTheDocumentedTunables() {
        NlbProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("cascade.nlb", NlbProperties.class);
        assertThat(properties.nodeAddresses()).containsExactly("127.0.2.1", "127.0.2.2", "127.0.2.3");
        assertThat(properties.azs()).containsExactly("az1", "az2", "az3");
        assertThat(properties.nodePort()).isEqualTo(18076);
        assertThat(properties.dropletsUrl()).hasToString("http://127.0.0.1:18070");
        assertThat(properties.zoneUrl()).hasToString("http://127.0.0.1:18053");
        assertThat(properties.gatewayUrl()).hasToString("http://127.0.0.1:18081");
        assertThat(properties.recordTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.targets().desiredPerAz()).isEqualTo(4);
        assertThat(properties.health().checkCost()).isEqualTo(Duration.ofMillis(1500));
        assertThat(properties.failover().minAzsInDns()).isEqualTo(2);
    }

    @Test
    void nodeAddressesBindFromACommaSeparatedList() {
        NlbProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("cascade.nlb.node-addresses", "10.0.0.1,10.0.0.2", "cascade.nlb.health.timeout", "PT6S")))
                .bindOrCreate("cascade.nlb", NlbProperties.class);
        assertThat(properties.nodeAddresses()).isEqualTo(List.of("10.0.0.1", "10.0.0.2"));
        assertThat(properties.azs()).containsExactly("az1", "az2");
        assertThat(properties.health().timeout()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void nodesListenOnTheirAddressUnlessToldWhereAndAreRefusedWhenTheyCannotBePublished() {
        NlbProperties local = bind(Map.of());
        assertThat(local.nodes()).extracting(DataPlaneNode::listenHost).containsExactly("127.0.2.1", "127.0.2.2",
                "127.0.2.3");
        assertThat(local.nodes().get(2).healthUri()).hasToString("http://127.0.2.3:18076/__nlb/health");

        NlbProperties cluster = bind(Map.of("cascade.nlb.node-addresses", "cascade-nlb-az1,cascade-nlb-az2",
                "cascade.nlb.node-listen", "0.0.0.0:18076,0.0.0.0:18077"));
        assertThat(cluster.nodes().get(1).address().configured()).isEqualTo("cascade-nlb-az2");
        assertThat(cluster.nodes().get(1).listenPort()).isEqualTo(18077);
        assertThat(cluster.nodes().get(1).healthUri()).hasToString("http://127.0.0.1:18077/__nlb/health");

        assertThatThrownBy(() -> bind(Map.of("cascade.nlb.node-listen", "0.0.0.0:18076")))
                .hasStackTraceContaining("1 entries for 3 node addresses");
        assertThatThrownBy(() -> bind(Map.of("cascade.nlb.node-addresses", "a,b",
                "cascade.nlb.node-listen", "0.0.0.0:18076,0.0.0.0")))
                .hasStackTraceContaining("'0.0.0.0' is not host:port");
        assertThatThrownBy(() -> bind(Map.of("cascade.nlb.node-addresses", "0.0.0.0")))
                .hasStackTraceContaining("0.0.0.0 is the wildcard");
    }

    private static NlbProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("cascade.nlb",
                NlbProperties.class);
    }
}
