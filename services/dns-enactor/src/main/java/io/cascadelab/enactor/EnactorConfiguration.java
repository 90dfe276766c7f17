package io.cascadelab.enactor;


import io.cascadelab.enactor.apply.Backoff;
import io.cascadelab.enactor.apply.Enactor;
import io.cascadelab.enactor.apply.EndpointWriter;
import io.cascadelab.enactor.cleanup.Cleaner;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.plan.PlannerClient;
import io.cascadelab.enactor.runbook.DnsRestorer;
import io.cascadelab.enactor.zone.Route53ZoneApi;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.aws.AwsClientSupport;
import io.cascadelab.platform.fault.FaultingRequestInterceptor;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.ScaledScheduler;
import io.cascadelab.platform.time.StartWhenReady;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.route53.Route53Client;

@Configuration(proxyBeanMethods = false)
class EnactorConfiguration {

    /**
     * The real SDK client, through the platform's HTTP client (zone-resolving, fault hook in front), so a
     * Chaos-style delay on this enactor's egress slows its Route 53 calls. The SDK's own retries are off:
     * the enactor's retries are the ones that matter here, and they are counted and seeded.
     */
    @Bean(destroyMethod = "close")
    Route53Client route53Client(AwsClientSupport aws, EnactorProperties properties) {
        return aws.build(Route53Client.builder()
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(properties.zoneCallTimeout())),
                properties.zoneApi());
    }

    @Bean
    ZoneApi zoneApi(Route53Client route53, CascadeProperties cascade) {
        return new Route53ZoneApi(route53, cascade.dns().zoneName());
    }

    @Bean
    PlanSource planSource(EnactorProperties properties, FaultingRequestInterceptor faults) {
        return new PlannerClient(RestClient.builder().baseUrl(properties.plannerUrl().toString()).requestInterceptor(faults).build());
    }

    @Bean
    EnactorMetrics enactorMetrics(MeterRegistry registry) {
        return new EnactorMetrics(registry);
    }

    @Bean
    EndpointWriter endpointWriter(ZoneApi zone, EnactorProperties properties) {
        return new EndpointWriter(zone, properties.recordTtl());
    }

    @Bean
    Enactor enactor(CascadeProperties cascade, EnactorProperties properties, PlanSource plans, ZoneApi zone,
                    EndpointWriter writer, IncidentClock clock, SeededRandoms randoms, EnactorMetrics metrics) {
        String name = cascade.instance();
        EnactorProperties.Apply apply = properties.apply();
        Cleaner cleaner = new Cleaner(name, cascade.mode(), plans, zone, clock, properties.cleanup().keepGenerations(),
                properties.cleanup().batchSize(), apply.planDeadline(), apply.maxAttempts(),
                backoff(properties, clock, randoms, name + "/cleanup-backoff"), metrics);
        return new Enactor(name, cascade.mode(), plans, writer, cleaner,
                backoff(properties, clock, randoms, name + "/backoff"), clock, apply, properties.walkOrder(),
                randoms.forComponent(name + "/walk"), metrics);
    }

    @Bean
    DnsRestorer dnsRestorer(CascadeProperties cascade, EnactorProperties properties, PlanSource plans,
                            EndpointWriter writer, IncidentClock clock, SeededRandoms randoms) {
        return new DnsRestorer(cascade.mode(), plans, writer,
                backoff(properties, clock, randoms, cascade.instance() + "/restore-backoff"),
                properties.apply().maxAttempts());
    }

    private static Backoff backoff(EnactorProperties properties, IncidentClock clock, SeededRandoms randoms,
                                   String component) {
        return new Backoff(properties.apply().backoffBase(), properties.apply().backoffMax(), clock.scale(),
                randoms.forComponent(component), Backoff.Pause.THREAD_SLEEP);
    }

    /** The enactor looks at the store every poll interval once the application is ready; one pass at a time. */
    @Bean
    StartWhenReady startEnacting(ScaledScheduler scheduler, Enactor enactor, EnactorProperties properties) {
        return StartWhenReady.of(() -> scheduler.withDelay(properties.pollInterval(), "enact", () -> {
            try {
                enactor.runOnce();
            } catch (PlanSource.Unavailable | ZoneApi.Busy e) {
                org.slf4j.LoggerFactory.getLogger(Enactor.class).warn("look at the plan store failed: {}",
                        e.getMessage());
            } catch (Backoff.Interrupted e) {
                // the application is stopping
            }
        }));
    }
}
