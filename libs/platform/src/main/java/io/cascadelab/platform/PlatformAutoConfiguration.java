package io.cascadelab.platform;

import java.time.Clock;
import java.time.Instant;

import io.cascadelab.platform.aws.AwsClientSupport;
import io.cascadelab.platform.aws.FaultingSdkHttpClient;
import io.cascadelab.platform.dns.ZoneDnsResolver;
import io.cascadelab.platform.dns.ZoneResolver;
import io.cascadelab.platform.fault.FaultController;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.fault.FaultServletFilter;
import io.cascadelab.platform.fault.FaultWebFilter;
import io.cascadelab.platform.fault.FaultingRequestInterceptor;
import io.cascadelab.platform.fault.OperatorToken;
import io.cascadelab.platform.lifecycle.ParentWatchdog;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.ScaledScheduler;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/** Wires the shared pieces into every Cascade service. */
@AutoConfiguration
@EnableConfigurationProperties(CascadeProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "wallClock")
    Clock wallClock() {
        return Clock.systemUTC();
    }

    @Bean
    TimeScale timeScale(CascadeProperties properties) {
        return new TimeScale(properties.timeScale());
    }

    @Bean
    IncidentClock incidentClock(Clock wallClock, TimeScale timeScale, CascadeProperties properties) {
        Instant epoch = properties.epoch() != null ? properties.epoch() : wallClock.instant();
        return new IncidentClock(wallClock, timeScale, epoch);
    }

    @Bean
    SeededRandoms seededRandoms(CascadeProperties properties) {
        return new SeededRandoms(properties.seed());
    }

    @Bean(destroyMethod = "close")
    ScaledScheduler scaledScheduler(TimeScale timeScale, CascadeProperties properties) {
        return new ScaledScheduler(timeScale, properties.instance() + "-scheduler", 2);
    }

    @Bean
    FaultHook faultHook(Clock wallClock, SeededRandoms randoms, CascadeProperties properties, MeterRegistry registry) {
        return new FaultHook(wallClock, randoms.forComponent(properties.instance() + "/faults"), registry);
    }

    @Bean
    ZoneResolver zoneResolver(CascadeProperties properties, TimeScale timeScale, Clock wallClock, FaultHook faultHook,
                              MeterRegistry registry) {
        CascadeProperties.Dns dns = properties.dns();
        return new ZoneResolver(dns.serverAddress(), dns.zoneName(), dns.timeout(), timeScale, wallClock, faultHook,
                registry);
    }

    /** The HTTP client every AWS SDK client in the fleet uses: resolves through the zone, passes the fault hook. */
    @Bean(destroyMethod = "close")
    SdkHttpClient cascadeSdkHttpClient(ZoneResolver zoneResolver, FaultHook faultHook) {
        // Connections live a few seconds, as DynamoDB's front ends recycle them: a client meets DNS again
        // soon, so a name that stops resolving stops new work within seconds rather than never.
        SdkHttpClient apache = ApacheHttpClient.builder().dnsResolver(new ZoneDnsResolver(zoneResolver))
                .connectionTimeToLive(java.time.Duration.ofSeconds(5)).build();
        return new FaultingSdkHttpClient(apache, faultHook);
    }

    @Bean
    AwsClientSupport awsClientSupport(SdkHttpClient cascadeSdkHttpClient, CascadeProperties properties) {
        return new AwsClientSupport(cascadeSdkHttpClient, properties.credentials());
    }

    @Bean
    FaultingRequestInterceptor faultingRequestInterceptor(FaultHook faultHook) {
        return new FaultingRequestInterceptor(faultHook);
    }

    @Bean
    FaultController faultController(FaultHook faultHook, CascadeProperties properties, Clock wallClock) {
        return new FaultController(faultHook, properties.faults().token(), wallClock);
    }

    @Bean
    OperatorToken operatorToken(CascadeProperties properties) {
        return new OperatorToken(properties.faults().token());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> parentWatchdog(CascadeProperties properties) {
        return event -> ParentWatchdog.watch(properties.parentPid(), event.getApplicationContext());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletFaults {

        @Bean
        FilterRegistrationBean<FaultServletFilter> faultServletFilter(FaultHook faultHook) {
            FilterRegistrationBean<FaultServletFilter> registration =
                    new FilterRegistrationBean<>(new FaultServletFilter(faultHook));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveFaults {

        @Bean
        FaultWebFilter faultWebFilter(FaultHook faultHook) {
            return new FaultWebFilter(faultHook);
        }
    }
}
