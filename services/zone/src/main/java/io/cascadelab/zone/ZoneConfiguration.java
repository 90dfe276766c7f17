package io.cascadelab.zone;

import java.time.Clock;
import java.util.List;

import io.cascadelab.platform.time.TimeScale;
import io.cascadelab.zone.api.ApiLatencyFilter;
import io.cascadelab.zone.dns.AuthoritativeServer;
import io.cascadelab.zone.dns.DnsSnapshot;
import io.cascadelab.zone.events.ZoneChangePublisher;
import io.cascadelab.zone.records.CommittedBatchListener;
import io.cascadelab.zone.records.ZoneFactory;
import io.cascadelab.zone.records.ZoneStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the zone: store (PostgreSQL), DNS snapshot and server, Kafka publisher. Start-up order: schema,
 * snapshot from the database, default zone, then the DNS server and the HTTP API.
 */
@Configuration(proxyBeanMethods = false)
class ZoneConfiguration {

    @Bean(destroyMethod = "close")
    DnsSnapshot dnsSnapshot(ZoneProperties properties, TimeScale timeScale, MeterRegistry registry) {
        return new DnsSnapshot(properties.dns().propagationDelay(), timeScale, registry);
    }

    @Bean
    ZoneStore zoneStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock wallClock, ZoneProperties properties,
                        List<CommittedBatchListener> listeners, DnsSnapshot snapshot) {
        ZoneStore store = new ZoneStore(jdbc, tx, wallClock, properties.api().lockWait(), listeners);
        store.createSchema();
        snapshot.loadAll(store);
        return store;
    }

    @Bean
    ZoneFactory zoneFactory(ZoneStore store, ZoneProperties properties) {
        ZoneFactory factory = new ZoneFactory(store, properties.defaultZone());
        if (properties.defaultZone().enabled()) {
            factory.bootstrapDefaultZone();
        }
        return factory;
    }

    @Bean
    @ConditionalOnProperty(prefix = "cascade.zone.dns", name = "enabled", havingValue = "true", matchIfMissing = true)
    AuthoritativeServer authoritativeServer(DnsSnapshot snapshot, ZoneProperties properties, MeterRegistry registry,
                                            ZoneFactory bootstrapFirst) {
        ZoneProperties.Dns dns = properties.dns();
        return new AuthoritativeServer(snapshot, dns.maxCnameChain(), dns.answerCacheEntries(), dns.address(), dns.port(), dns.udpThreads(),
                dns.tcpThreads(), dns.tcpIdleTimeout(), registry);
    }

    @Bean
    FilterRegistrationBean<ApiLatencyFilter> apiLatency(ZoneProperties properties) {
        FilterRegistrationBean<ApiLatencyFilter> registration =
                new FilterRegistrationBean<>(new ApiLatencyFilter(properties.api().latency()));
        registration.addUrlPatterns(ApiLatencyFilter.PATHS);
        return registration;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("spring.kafka.bootstrap-servers")
    ZoneChangePublisher zoneChangePublisher(KafkaTemplate<String, String> kafka, JsonMapper json,
                                            MeterRegistry registry) {
        return new ZoneChangePublisher(kafka, json, registry);
    }
}
