package io.cascadelab.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class CustomerSettingsTest {

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsAreTheDeveloperFleetAndTheScenariosRate() throws Exception {
        CustomerSettings settings = CustomerSettings.from(properties());

        assertThat(settings.dns().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.dns().getPort()).isEqualTo(15353);
        assertThat(settings.nlbName()).isEqualTo("app.nlb.us-east-1.cascade.test");
        assertThat(settings.nlbPort()).isEqualTo(18076);
        assertThat(settings.timeScale()).isEqualTo(60);
        assertThat(settings.ratePerSecond()).isEqualTo(4);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.minSuccessPercent()).isZero();
        assertThat(settings.url(InetAddress.getByName("127.0.2.1"))).isEqualTo("http://127.0.2.1:18076/");
        assertThat(settings.hostHeader()).isEqualTo("app.nlb.us-east-1.cascade.test:18076");
    }

    @Test
    void everythingCanBeSet() throws Exception {
        CustomerSettings settings = CustomerSettings.from(properties(
                "cascade.dns", "127.0.0.5:25353", "cascade.zone", "lab.example.", "cascade.nlb.port", "28076",
                "cascade.nlb.path", "/orders", "cascade.timeScale", "120", "rate", "12.5", "duration", "5m",
                "minSuccessPercent", "99.5"));

        assertThat(settings.dns().getPort()).isEqualTo(25353);
        assertThat(settings.nlbName()).isEqualTo("app.nlb.us-east-1.lab.example");
        assertThat(settings.timeScale()).isEqualTo(120);
        assertThat(settings.ratePerSecond()).isEqualTo(12.5);
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.minSuccessPercent()).isEqualTo(99.5);
        assertThat(settings.url(InetAddress.getByName("::1"))).isEqualTo("http://[0:0:0:0:0:0:0:1]:28076/orders");
    }

    @Test
    void usersAreSpreadOverTheDurationButNotTogetherWithARate() {
        assertThat(CustomerSettings.from(properties("users", "300", "duration", "2m")).ratePerSecond())
                .isEqualTo(2.5);
        assertThatThrownBy(() -> CustomerSettings.from(properties("users", "300", "rate", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void dnsServersAndDurationsParse() {
        assertThat(CustomerSettings.hostAndPort("[::1]:5353").getPort()).isEqualTo(5353);
        assertThat(CustomerSettings.hostAndPort("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(CustomerSettings.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CustomerSettings.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(CustomerSettings.duration("45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void nonsenseIsRefusedBeforeAnyLoadIsSent() {
        assertThatThrownBy(() -> CustomerSettings.from(properties("minSuccessPercent", "101")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerSettings.from(properties("rate", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerSettings.from(properties("cascade.dns", "127.0.0.1:notaport")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerSettings.from(properties("cascade.timeScale", "-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
