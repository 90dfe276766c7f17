package io.cascadelab.netmgr;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.cascadelab.netmgr.intake.IntakeLimiter;
import io.cascadelab.netmgr.intake.IntakeLoop;
import io.cascadelab.netmgr.propagation.Backlog;
import io.cascadelab.netmgr.propagation.BacklogMetrics;
import io.cascadelab.netmgr.propagation.DropletsNetwork;
import io.cascadelab.netmgr.propagation.Propagator;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.fault.FaultingRequestInterceptor;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class NetworkManagerConfiguration {

    @Bean
    Backlog backlog(Clock wallClock) {
        return new Backlog(wallClock);
    }

    @Bean
    IntakeLimiter intakeLimiter(Clock wallClock, TimeScale timeScale, CascadeProperties cascade,
                                NetworkManagerProperties properties) {
        return new IntakeLimiter(wallClock, timeScale, cascade.mode(), properties.intake());
    }

    @Bean
    BacklogMetrics backlogMetrics(Backlog backlog, IntakeLimiter limiter, TimeScale timeScale, Clock wallClock,
                                  MeterRegistry registry) {
        return new BacklogMetrics(backlog, limiter, timeScale, wallClock, registry);
    }

    /** Timeouts are incident time, scaled; the platform's egress faults sit in front of every call. */
    @Bean
    DropletsNetwork dropletsNetwork(NetworkManagerProperties properties, TimeScale timeScale,
                                    FaultingRequestInterceptor faults) {
        Duration timeout = timeScale.toWall(properties.propagation().requestTimeout());
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build());
        requests.setReadTimeout(timeout);
        return new DropletsNetwork(RestClient.builder().baseUrl(properties.dropletsUrl().toString())
                .requestFactory(requests).requestInterceptor(faults).build());
    }

    @Bean
    Propagator propagator(Backlog backlog, DropletsNetwork droplets, NetworkManagerProperties properties,
                          TimeScale timeScale, Clock wallClock, SeededRandoms randoms, MeterRegistry registry) {
        return new Propagator(backlog, droplets, properties, timeScale, wallClock,
                randoms.forComponent("network-manager/propagation"), registry);
    }

    @Bean
    IntakeLoop intakeLoop(ConsumerFactory<String, String> consumers, NetworkManagerProperties properties,
                          Backlog backlog, IntakeLimiter limiter, Propagator propagator, JsonMapper json,
                          MeterRegistry registry) {
        IntakeLoop intake = new IntakeLoop(consumers, properties.topic(), backlog, limiter, propagator, json,
                properties.queueCapacity());
        Gauge.builder("cascade.netmgr.intake.waiting", intake, IntakeLoop::waiting)
                .description("Instance events not yet admitted: consumer lag plus the poll held back").register(registry);
        return intake;
    }
}
