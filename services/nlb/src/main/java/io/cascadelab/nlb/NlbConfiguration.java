package io.cascadelab.nlb;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import io.cascadelab.nlb.dns.RecordPublisher;
import io.cascadelab.nlb.health.AzFailover;
import io.cascadelab.nlb.health.HealthChecker;
import io.cascadelab.nlb.provision.CheckerHosts;
import io.cascadelab.nlb.provision.DropletsInventory;
import io.cascadelab.nlb.provision.Ec2Client;
import io.cascadelab.nlb.provision.Provisioner;
import io.cascadelab.nlb.proxy.DataPlane;
import io.cascadelab.nlb.proxy.DataPlaneNode;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.aws.AwsClientSupport;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.net.AnnouncedAddress;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.StartWhenReady;
import io.cascadelab.platform.time.ScaledScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.route53.Route53Client;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class NlbConfiguration {

    @Bean
    NlbMetrics nlbMetrics(MeterRegistry registry) {
        return new NlbMetrics(registry);
    }

    @Bean
    TargetGroup targetGroup(NlbProperties properties, NlbMetrics metrics) {
        return new TargetGroup(properties.targets().startInService(), properties.health().unhealthyThreshold(),
                properties.health().healthyThreshold(), metrics::flip);
    }

    @Bean
    AzFailover azFailover(NlbProperties properties, CascadeProperties cascade) {
        NlbProperties.Failover failover = properties.failover();
        return new AzFailover(cascade.mode(), properties.azs(), failover.velocityWindow(),
                failover.velocityMaxRemovals(), failover.minAzsInDns());
    }

    /** The SDK's own retries are off: the publisher re-asserts the record every refresh anyway. */
    @Bean(destroyMethod = "close")
    Route53Client nlbRoute53Client(AwsClientSupport aws, NlbProperties properties) {
        return aws.build(Route53Client.builder()
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(properties.zoneCallTimeout())),
                properties.zoneUrl());
    }

    @Bean
    RecordPublisher recordPublisher(Route53Client nlbRoute53Client, NlbProperties properties,
                                    CascadeProperties cascade, NlbMetrics metrics) {
        return new RecordPublisher(nlbRoute53Client, cascade.dns().zoneName(), properties.recordName(),
                properties.recordTtl(), metrics);
    }

    @Bean
    HttpClient nlbHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** The addresses of the nodes of {@code azs}, in that order: what the A record should carry. */
    static List<AnnouncedAddress> addresses(NlbProperties properties, List<String> azs) {
        List<DataPlaneNode> nodes = properties.nodes();
        return azs.stream().map(az -> nodes.get(properties.azs().indexOf(az)).address()).toList();
    }

    @Bean
    Ec2Client nlbEc2Client(NlbProperties properties, HttpClient nlbHttpClient, FaultHook faults) {
        return new Ec2Client(properties.gatewayUrl(), nlbHttpClient, faults, Duration.ofSeconds(10));
    }

    @Bean
    CheckerHosts checkerHosts(NlbProperties properties, Ec2Client nlbEc2Client, IncidentClock clock,
                              SeededRandoms randoms, NlbMetrics metrics) {
        CheckerHosts hosts = new CheckerHosts(properties.checkerHosts(), properties.targets(), properties.azs(),
                nlbEc2Client, clock, randoms.forComponent("nlb/checker-hosts"), metrics);
        metrics.bindCheckerHosts(() -> hosts.hosts().size());
        return hosts;
    }

    @Bean(destroyMethod = "close")
    HealthChecker healthChecker(NlbProperties properties, IncidentClock clock, TargetGroup targets,
                                HttpClient nlbHttpClient, FaultHook faults, SeededRandoms randoms, NlbMetrics metrics,
                                AzFailover failover, RecordPublisher publisher, CheckerHosts checkerHosts) {
        HealthChecker checker = new HealthChecker(properties.health(), properties.failover(), clock, targets,
                properties.nodes(), properties.dropletsUrl(), nlbHttpClient, faults,
                randoms.forComponent("nlb/checker"), metrics, failover,
                checkerHosts,
                azs -> publisher.want(addresses(properties, azs)));
        metrics.bind(properties.azs(), targets, failover, checker::queued);
        return checker;
    }

    @Bean
    Provisioner provisioner(NlbProperties properties, TargetGroup targets, Ec2Client nlbEc2Client,
                            IncidentClock clock, SeededRandoms randoms, NlbMetrics metrics) {
        return new Provisioner(properties.targets(), properties.azs(), targets, nlbEc2Client, clock,
                randoms.forComponent("nlb/launch-backoff"), metrics);
    }

    @Bean(destroyMethod = "close")
    DataPlane dataPlane(NlbProperties properties, TargetGroup targets, IncidentClock clock, NlbMetrics metrics,
                        FaultHook faults) {
        DataPlane dataPlane = new DataPlane(properties.nodes(), targets,
                properties.dropletsUrl(), clock.scale().toWall(properties.proxyTimeout()), metrics, faults);
        dataPlane.start();
        return dataPlane;
    }

    /** The NLB's own threads: one for health-check ticks, one for provisioning, one for DNS writes. */
    @Bean(destroyMethod = "close")
    ScaledScheduler nlbScheduler(IncidentClock clock) {
        return new ScaledScheduler(clock.scale(), "nlb", 3);
    }

    /** All periodic work starts once the application is ready (the Kafka listener hears launches). */
    @Bean
    StartWhenReady startNlb(ScaledScheduler nlbScheduler, HealthChecker checker, Provisioner provisioner,
                            RecordPublisher publisher, NlbProperties properties, AzFailover failover,
                            CheckerHosts checkerHosts, HttpClient nlbHttpClient, JsonMapper json) {
        DropletsInventory inventory = new DropletsInventory(properties.dropletsUrl(), nlbHttpClient, json,
                Duration.ofSeconds(10));
        return StartWhenReady.of(() -> nlbScheduler.after(Duration.ZERO, "start", () -> {
            publisher.want(addresses(properties, failover.inDnsOrdered()));
            publisher.flush(true);
            // the group is filled once before health is judged: an AZ whose targets are still being launched at
            // start-up is not an unhealthy AZ
            // the checker's hosts first: checks run from them
            checkerHosts.adopt(inventory);
            checkerHosts.reconcile();
            provisioner.adopt(inventory);
            provisioner.reconcile();
            nlbScheduler.every(properties.health().tick(), "health-check", checker::tick);
            nlbScheduler.withDelay(properties.targets().provisionInterval(), "provision", () -> {
                checkerHosts.reconcile();
                provisioner.reconcile();
            });
            // changes go out within a tick; the full record is re-asserted every refresh
            nlbScheduler.every(properties.health().tick(), "dns", () -> publisher.flush(false));
            nlbScheduler.every(properties.dnsRefresh(), "dns-refresh", () -> publisher.flush(true));
        }));
    }
}
