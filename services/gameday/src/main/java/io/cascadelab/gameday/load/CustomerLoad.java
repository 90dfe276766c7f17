package io.cascadelab.gameday.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cascadelab.gameday.signal.SignalSampler;
import io.cascadelab.platform.dns.ZoneResolver;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The region's customers during a game day: DynamoDB traffic through the regional name, requests to the
 * customer NLB through its DNS name, and instance launches through the EC2 API. Customers keep wanting
 * the instances they could not launch and retry them, so an outage builds up launch demand that arrives
 * all at once when capacity returns. Every request is counted as
 * {@code cascade.customer.requests{target,outcome}}.
 */
public final class CustomerLoad implements SignalSampler.CustomerCounts, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CustomerLoad.class);
    private static final String TABLE = "customer-orders";
    private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>([^<]+)</instanceId>");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");

    /**
     * @param nlbName       the customer NLB's DNS name
     * @param nlbPort       its listener port
     * @param ec2Api        the EC2 API base URL
     */
    public record Targets(String nlbName, int nlbPort, String ec2Api) {
    }

    public record Rates(double dynamoPerSecond, double nlbPerSecond, double launchesPerMinute,
                        Duration instanceLifetime, int burst) {
    }

    private final DynamoDbClient dynamo;
    private final ZoneResolver resolver;
    private final TimeScale scale;
    private final Targets targets;
    private final Rates rates;
    private final MeterRegistry registry;
    private final SplittableRandom random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, AtomicLong> sinceLastSample = new ConcurrentHashMap<>();
    private final Deque<Long> pendingLaunches = new ArrayDeque<>();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "customer-load");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean tableReady;
    private long launchSequence;
    private boolean burstReleased;

    public CustomerLoad(DynamoDbClient dynamo, ZoneResolver resolver, TimeScale scale, Targets targets, Rates rates,
                        MeterRegistry registry, SplittableRandom random) {
        this.dynamo = dynamo;
        this.resolver = resolver;
        this.scale = scale;
        this.targets = targets;
        this.rates = rates;
        this.registry = registry;
        this.random = random;
    }

    public void start() {
        schedule(rates.dynamoPerSecond(), this::dynamoRequest);
        schedule(rates.nlbPerSecond(), this::nlbRequest);
        if (rates.launchesPerMinute() > 0) {
            // Demand arrives at its incident rate; attempts go out at most a few per wall second.
            long demandEveryMicros = Math.max(1000, (long) (scale.toWall(Duration.ofMinutes(1)).toNanos() / 1000
                    / rates.launchesPerMinute()));
            threads.scheduleAtFixedRate(this::launchDemand, 0, demandEveryMicros, TimeUnit.MICROSECONDS);
            threads.scheduleWithFixedDelay(this::launchAttempts, 200, 250, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Queues the scenario's burst of launches (once): the pent-up demand of an outage arrives when the incident
     * starts, not while the fleet is still booting. Queued at start-up, it used to keep the fleet from ever
     * settling, and chaos then began on a fleet still working through it.
     */
    public void releaseBurst() {
        synchronized (pendingLaunches) {
            if (burstReleased) {
                return;
            }
            burstReleased = true;
            for (int i = 0; i < rates.burst(); i++) {
                pendingLaunches.add(++launchSequence);
            }
        }
    }

    private void schedule(double perSecond, Runnable request) {
        if (perSecond > 0) {
            threads.scheduleWithFixedDelay(() -> guarded(request), 0, (long) (1_000_000 / perSecond), TimeUnit.MICROSECONDS);
        }
    }

    private static void guarded(Runnable request) {
        try {
            request.run();
        } catch (RuntimeException e) {
            log.debug("customer request failed unexpectedly: {}", e.toString());
        }
    }

    @Override
    public long take(String target, String outcome) {
        AtomicLong count = sinceLastSample.get(target + "/" + outcome);
        return count == null ? 0 : count.getAndSet(0);
    }

    public int pendingLaunches() {
        synchronized (pendingLaunches) {
            return pendingLaunches.size();
        }
    }

    private void count(String target, String outcome) {
        sinceLastSample.computeIfAbsent(target + "/" + outcome, key -> new AtomicLong()).incrementAndGet();
        Counter.builder("cascade.customer.requests").tag("target", target).tag("outcome", outcome)
                .register(registry).increment();
    }

    private void dynamoRequest() {
        try {
            if (!tableReady) {
                createTable();
            }
            String key = "order-" + random.nextInt(1000);
            if (random.nextBoolean()) {
                dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(key),
                        "placed", AttributeValue.fromN(Long.toString(System.currentTimeMillis())))));
            } else {
                dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(key))));
            }
            count("dynamo", "success");
        } catch (AwsServiceException e) {
            count("dynamo", "error");
        } catch (SdkClientException e) {
            count("dynamo", "connection_error");
        }
    }

    private void createTable() {
        try {
            dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // Another run created it: what we wanted.
        }
        tableReady = true;
    }

    private void nlbRequest() {
        List<InetAddress> addresses;
        try {
            addresses = List.of(resolver.resolve(targets.nlbName()));
        } catch (IOException e) {
            count("nlb", "connection_error");
            return;
        }
        InetAddress address = addresses.get(random.nextInt(addresses.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.getHostAddress() + ":"
                + targets.nlbPort() + "/")).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            count("nlb", response.statusCode() < 400 ? "success" : response.statusCode() >= 500 ? "connection_error"
                    : "error");
        } catch (IOException e) {
            count("nlb", "connection_error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void launchDemand() {
        synchronized (pendingLaunches) {
            pendingLaunches.add(++launchSequence);
        }
    }

    /** Customers retry what they could not launch; a handful of attempts per tick, like clients with backoff. */
    private void launchAttempts() {
        for (int i = 0; i < 4; i++) {
            Long demand;
            synchronized (pendingLaunches) {
                demand = pendingLaunches.poll();
            }
            if (demand == null) {
                return;
            }
            if (!launch()) {
                synchronized (pendingLaunches) {
                    pendingLaunches.addLast(demand);
                }
                return;
            }
        }
    }

    private boolean launch() {
        String form = "Action=RunInstances&Version=2016-11-15&MinCount=1&MaxCount=1"
                + "&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=owner"
                + "&TagSpecification.1.Tag.1.Value=" + URLEncoder.encode("batch", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(targets.ec2Api() + "/"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                count("ec2", "success");
                Matcher id = INSTANCE_ID.matcher(response.body());
                if (id.find()) {
                    String instanceId = id.group(1);
                    threads.schedule(() -> terminate(instanceId), scale.toWall(rates.instanceLifetime()).toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                return true;
            }
            Matcher code = ERROR_CODE.matcher(response.body());
            count("ec2", code.find() ? code.group(1) : "error");
            return false;
        } catch (IOException e) {
            count("ec2", "connection_error");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void terminate(String instanceId) {
        String form = "Action=TerminateInstances&Version=2016-11-15&InstanceId.1="
                + URLEncoder.encode(instanceId, StandardCharsets.UTF_8);
        try {
            http.send(HttpRequest.newBuilder(URI.create(targets.ec2Api() + "/")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            log.debug("terminate {} failed: {}", instanceId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        dynamo.close();
    }
}
