package io.cascadelab.gameday.run;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.cascadelab.gameday.chaos.LocalChaosRunner;
import io.cascadelab.gameday.fleet.FleetProperties;
import io.cascadelab.gameday.fleet.FleetSupervisor;
import io.cascadelab.gameday.load.CustomerLoad;
import io.cascadelab.gameday.probe.DnsProber;
import io.cascadelab.gameday.report.ReportWriter;
import io.cascadelab.gameday.runbook.Runbook;
import io.cascadelab.gameday.runbook.RunbookExecutor;
import io.cascadelab.gameday.scenario.Scenario;
import io.cascadelab.gameday.scenario.Scenarios;
import io.cascadelab.gameday.signal.FleetScraper;
import io.cascadelab.gameday.signal.SignalSampler;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.dns.ZoneDnsResolver;
import io.cascadelab.platform.dns.ZoneResolver;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs game days on the embedded fleet, one at a time, and shows them to the console. The run's mode,
 * seed and time scale are the fleet's: a game day in another mode starts a fresh fleet ({@code ./cascade
 * gameday} does that).
 */
public class GameDayService implements GameDayView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GameDayService.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final FleetSupervisor supervisor;
    private final FleetProperties fleet;
    private final CascadeProperties runProperties;
    private final Scenarios scenarios;
    private final LocalChaosRunner chaos;
    private final RunbookExecutor runbooks;
    private final DnsProber prober;
    private final MeterRegistry registry;
    private final SeededRandoms randoms;
    private final Clock wall;
    private final ReportWriter reports;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gameday-run");
        thread.setDaemon(true);
        return thread;
    });

    private volatile GameDayRun current;
    private volatile CustomerLoad load;
    private volatile ScheduledFuture<?> ticking;

    public GameDayService(FleetSupervisor supervisor, FleetProperties fleet, CascadeProperties runProperties,
                          LocalChaosRunner chaos, RunbookExecutor runbooks, DnsProber prober, MeterRegistry registry,
                          SeededRandoms randoms, Clock wall) {
        this.supervisor = supervisor;
        this.fleet = fleet;
        this.runProperties = runProperties;
        this.scenarios = new Scenarios(fleet.home().resolve("chaos"));
        this.chaos = chaos;
        this.runbooks = runbooks;
        this.prober = prober;
        this.registry = registry;
        this.randoms = randoms;
        this.wall = wall;
        this.reports = new ReportWriter(fleet.stateDir().resolve("runs"));
        runbooks.onResult(result -> {
            GameDayRun run = current;
            // Only while the run still ticks: a runbook finishing while the run ends is not part of its timeline.
            if (run != null && run.outcome().equals("running")) {
                run.runbookRan(result);
            }
        });
    }

    public Scenarios scenarios() {
        return scenarios;
    }

    public GameDayRun current() {
        return current;
    }

    /**
     * @throws IllegalArgumentException bad scenario or operator
     * @throws IllegalStateException    the fleet is not ready, or a run is in progress
     */
    public synchronized GameDayRun start(String scenarioName, String operator) {
        if (!operator.equals("auto") && !operator.equals("manual")) {
            throw new IllegalArgumentException("operator must be auto or manual, got '" + operator + "'");
        }
        Scenario scenario = scenarios.load(scenarioName);
        if (current != null && current.running()) {
            throw new IllegalStateException("game day " + current.identity().id() + " is still running; abort it first");
        }
        if (!supervisor.status().ready()) {
            throw new IllegalStateException("the fleet is not ready (./cascade status)");
        }
        TimeScale scale = new TimeScale(runProperties.timeScale());
        String id = RUN_ID.format(wall.instant()) + "-" + scenario.name();
        GameDayRun.Identity identity = new GameDayRun.Identity(id, scenario, runProperties.mode().name().toLowerCase(),
                operator, runProperties.seed(), runProperties.timeScale());
        CustomerLoad customers = customerLoad(scenario.load(), scale);
        SignalSampler sampler = new SignalSampler(new FleetScraper(instanceUrls(), Duration.ofMillis(800)),
                this::regionalAnswers, customers, runProperties.timeScale());
        GameDayRun run = new GameDayRun(identity, scenarios, chaos, runbooks, sampler,
                new PhaseDetector(PhaseDetector.Thresholds.defaults()), scale, wall, this::ended);
        current = run;
        load = customers;
        customers.start();
        ticking = ticker.scheduleWithFixedDelay(() -> {
            try {
                run.tick();
                if (run.steady()) {
                    customers.releaseBurst();
                }
            } catch (RuntimeException e) {
                log.error("game day tick failed", e);
            }
        }, 0, 1, TimeUnit.SECONDS);
        log.atInfo().addKeyValue("run", id).addKeyValue("scenario", scenario.name()).addKeyValue("operator", operator)
                .log("game day {} started", id);
        return run;
    }

    public synchronized boolean abort() {
        GameDayRun run = current;
        if (run == null || !run.outcome().equals("running")) {
            return false;
        }
        run.end("aborted");
        return true;
    }

    private void ended(GameDayRun run) {
        ScheduledFuture<?> future = ticking;
        if (future != null) {
            future.cancel(false);
        }
        CustomerLoad customers = load;
        if (customers != null) {
            customers.close();
        }
        Path dir = reports.write(ReportWriter.report(run));
        log.atInfo().addKeyValue("run", run.identity().id()).log("report written to {}", dir);
    }

    public Path runsDir() {
        return fleet.stateDir().resolve("runs");
    }

    private Integer regionalAnswers() {
        Integer answers = prober.latest().get(fleet.dynamoName());
        return answers == null || answers < 0 ? null : answers;
    }

    private Map<String, String> instanceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        supervisor.layout().instances().forEach(instance -> urls.put(instance.name(), instance.baseUrl()));
        return urls;
    }

    private CustomerLoad customerLoad(Scenario.Load rates, TimeScale scale) {
        FleetProperties.Ports ports = fleet.ports();
        SplittableRandom random = randoms.forComponent("gameday/customers");
        ZoneResolver resolver = new ZoneResolver(supervisor.layout().dnsServer(runProperties),
                fleet.zoneName(), Duration.ofMillis(500), scale, wall,
                new FaultHook(wall, randoms.forComponent("gameday/customer-faults"), registry), registry);
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://" + fleet.dynamoName() + ":" + ports.dynamo()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        runProperties.credentials().accessKeyId(), runProperties.credentials().secretAccessKey())))
                .httpClient(ApacheHttpClient.builder().dnsResolver(new ZoneDnsResolver(resolver))
                        .connectionTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(2))
                        .connectionTimeToLive(Duration.ofSeconds(5)).build())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(3)))
                .build();
        return new CustomerLoad(dynamo, resolver, scale,
                new CustomerLoad.Targets("app.nlb.us-east-1." + fleet.zoneName(), ports.nlbNode(),
                        supervisor.layout().instance("gateway").baseUrl()),
                new CustomerLoad.Rates(rates.dynamoPerSecond(), rates.nlbPerSecond(), rates.launchesPerMinute(),
                        rates.instanceLifetime(), rates.burst()),
                registry, random);
    }

    @Override
    public ConsoleState state() {
        GameDayRun run = current;
        List<RunbookInfo> infos = runbookInfos();
        if (run == null) {
            return ConsoleState.idle(infos);
        }
        List<Phase> phases = run.phases();
        String phase = phases.stream().filter(p -> p.occurred() && p.endSeconds() == null).reduce((a, b) -> b)
                .map(Phase::id).orElse(null);
        List<Fault> faults = chaos.list().stream().map(a -> new Fault(a.name(), a.kind(), a.instances())).toList();
        return new ConsoleState(run.view(), phase, phases, run.events(), run.signals(), faults, infos);
    }

    private static List<RunbookInfo> runbookInfos() {
        return Runbook.names().stream().map(Runbook.ALL::get)
                .map(r -> new RunbookInfo(r.name(), r.description(), r.argument())).toList();
    }

    @Override
    public RunbookOutcome runbook(String name, String argument) {
        RunbookExecutor.Result result = runbooks.run(name, argument);
        return new RunbookOutcome(name, result.ok(), result.summary());
    }

    /** gameday is stopping: a run in progress ends as aborted, its faults lifted and its report written. */
    @Override
    public void close() {
        abort();
        ticker.shutdownNow();
    }
}
