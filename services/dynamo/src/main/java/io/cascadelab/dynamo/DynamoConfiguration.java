package io.cascadelab.dynamo;

import java.time.Clock;

import javax.sql.DataSource;

import io.cascadelab.dynamo.api.DynamoEndpoint;
import io.cascadelab.dynamo.api.Operations;
import io.cascadelab.dynamo.node.LoadShedder;
import io.cascadelab.dynamo.node.NodeAnnouncer;
import io.cascadelab.dynamo.node.NodeMetrics;
import io.cascadelab.dynamo.store.ItemStore;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.net.AnnouncedAddress;
import io.cascadelab.platform.time.ScaledScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DynamoConfiguration {

    /** DynamoDB's wire format is handled as explicit trees; this mapper has no application customisation. */
    @Bean
    ObjectMapper wireJson() {
        return JsonMapper.builder().build();
    }

    @Bean
    ItemStore itemStore(DataSource dataSource) {
        ItemStore store = new ItemStore(dataSource);
        store.createSchema();
        return store;
    }

    @Bean
    Operations operations(ItemStore store, ObjectMapper wireJson, Clock wallClock, DynamoProperties properties) {
        return new Operations(store, wireJson, wallClock, properties.tableCacheTtl());
    }

    /**
     * The DynamoDB API on the context root only: the servlet pattern {@code ""} matches exactly {@code /}, so
     * Spring MVC's dispatcher keeps every other path (actuator, fault injection).
     */
    @Bean
    ServletRegistrationBean<DynamoEndpoint> dynamoEndpoint(Operations operations, ObjectMapper wireJson,
                                                           LoadShedder shedder, NodeMetrics metrics) {
        ServletRegistrationBean<DynamoEndpoint> registration = new ServletRegistrationBean<>(
                new DynamoEndpoint(operations, wireJson, shedder, metrics), "");
        registration.setName("dynamo");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    LoadShedder loadShedder(DynamoProperties properties) {
        return new LoadShedder(properties.capacity(), System::nanoTime);
    }

    @Bean
    NodeMetrics nodeMetrics(MeterRegistry registry) {
        return new NodeMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "cascade.dynamo.announce", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnProperty("spring.kafka.bootstrap-servers")
    NodeAnnouncer nodeAnnouncer(KafkaTemplate<String, String> kafka, ObjectMapper wireJson, Clock wallClock,
                                DynamoProperties properties, CascadeProperties cascade, ItemStore store,
                                ApplicationContext context,
                                @Value("${server.address:127.0.0.1}") String address) {
        String nodeId = properties.node().id().isBlank() ? cascade.instance() : properties.node().id();
        NodeAnnouncer announcer = new NodeAnnouncer(kafka, wireJson, wallClock,
                new NodeAnnouncer.Identity(nodeId, cascade.az(),
                        AnnouncedAddress.of("cascade.dynamo.node.address",
                                properties.node().announcedAddress(address)),
                        properties.node().ipv6Address(), properties.capacity().requestsPerSecond()),
                () -> ((WebServerApplicationContext) context).getWebServer().getPort(), store::healthy);
        return announcer;
    }

    /** Announce only once the web server listens, so the port is real and requests can be served. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> startAnnouncing(ObjectProvider<NodeAnnouncer> announcer,
                                                               ScaledScheduler scheduler, DynamoProperties properties) {
        return event -> announcer.ifAvailable(a -> a.start(scheduler, properties.announce().period()));
    }
}
