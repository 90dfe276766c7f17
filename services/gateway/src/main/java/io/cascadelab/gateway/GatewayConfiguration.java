package io.cascadelab.gateway;

import java.time.Clock;
import java.time.Duration;

import io.cascadelab.gateway.ec2.Ec2Api;
import io.cascadelab.gateway.ec2.Ec2Metrics;
import io.cascadelab.gateway.ec2.InstanceEvents;
import io.cascadelab.gateway.fleet.Droplets;
import io.cascadelab.gateway.fleet.Dwfm;
import io.cascadelab.gateway.fleet.FleetHttp;
import io.cascadelab.gateway.throttle.TokenBucket;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    FleetHttp fleetHttp(FaultHook faults, JsonMapper json, TimeScale timeScale, GatewayProperties properties) {
        return new FleetHttp(WebClient.builder(), faults, json, timeScale.toWall(properties.callTimeout()));
    }

    @Bean
    Dwfm dwfm(GatewayProperties properties, FleetHttp http) {
        return new Dwfm(properties.dwfmUrls(), http);
    }

    @Bean
    Droplets droplets(GatewayProperties properties, FleetHttp http) {
        return new Droplets(properties.dropletsUrl(), http);
    }

    @Bean
    TokenBucket runInstancesThrottle(Clock wallClock, TimeScale timeScale, GatewayProperties properties) {
        return new TokenBucket(wallClock, timeScale, properties.throttle().perSecond(), properties.throttle().burst());
    }

    @Bean
    Ec2Metrics ec2Metrics(MeterRegistry registry, TokenBucket bucket) {
        return new Ec2Metrics(registry, bucket);
    }

    /** The producer's own delivery timeout bounds the wait; this only guards against a hung future. */
    @Bean
    InstanceEvents instanceEvents(KafkaTemplate<String, String> kafka, JsonMapper json, Clock wallClock) {
        return new InstanceEvents(kafka, json, wallClock, Duration.ofSeconds(15));
    }

    @Bean
    Ec2Api ec2Api(Dwfm dwfm, Droplets droplets, TokenBucket bucket, InstanceEvents events, Ec2Metrics metrics,
                  SeededRandoms randoms) {
        return new Ec2Api(dwfm, droplets, bucket, events, metrics, randoms.forComponent("gateway/ec2-ids"));
    }

    /** EC2's query protocol lives at the root: {@code POST /} with a form, or {@code GET /?Action=…}. */
    @Bean
    RouterFunction<ServerResponse> ec2Routes(Ec2Api api) {
        return RouterFunctions.route()
                .GET("/", api::handle)
                .POST("/", api::handle)
                .build();
    }
}
