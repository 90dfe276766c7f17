package io.cascadelab.dwfm;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.cascadelab.dwfm.lease.DropletsClient;
import io.cascadelab.dwfm.lease.LeaseStore;
import io.cascadelab.dwfm.work.LeaseManager;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.aws.AwsClientSupport;
import io.cascadelab.platform.fault.FaultingRequestInterceptor;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Configuration(proxyBeanMethods = false)
class DwfmConfiguration {

    @Bean(destroyMethod = "close")
    DynamoDbClient dwfmDynamo(AwsClientSupport aws, DwfmProperties properties, TimeScale scale) {
        Duration timeout = atLeast(scale.toWall(properties.callTimeout()), Duration.ofSeconds(1));
        return aws.build(DynamoDbClient.builder().overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(timeout)), properties.dynamoEndpoint());
    }

    @Bean
    DropletsClient dropletsClient(DwfmProperties properties, TimeScale scale, FaultingRequestInterceptor faults) {
        // An executor of our own: without one, Spring writes every request body on a new thread
        // (SimpleAsyncTaskExecutor), a thread started and torn down per check-in. Threads are reused here;
        // how many run at once is bounded by the callers (the lease workers and placements), not by the pool.
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dwfm-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).executor(executor).build());
        requests.setReadTimeout(atLeast(scale.toWall(properties.callTimeout()), Duration.ofSeconds(1)));
        return new DropletsClient(RestClient.builder().baseUrl(properties.dropletsUrl().toString())
                .requestFactory(requests).requestInterceptor(faults).build());
    }

    @Bean(destroyMethod = "close")
    LeaseManager leaseManager(CascadeProperties run, DwfmProperties properties, DynamoDbClient dwfmDynamo,
                              DropletsClient droplets, TimeScale scale, Clock wallClock, SeededRandoms randoms,
                              MeterRegistry registry) {
        String az = run.az().isBlank() ? "az1" : run.az();
        LeaseManager manager = new LeaseManager(az, properties, run.mode() == CascadeProperties.Mode.FIXED,
                new LeaseStore(dwfmDynamo, properties.table()), droplets, scale, wallClock,
                randoms.forComponent("dwfm/" + az), registry);
        manager.start();
        return manager;
    }

    private static Duration atLeast(Duration value, Duration floor) {
        return value.compareTo(floor) < 0 ? floor : value;
    }
}
