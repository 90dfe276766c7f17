package io.cascadelab.nlb;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

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
}
