package io.cascadelab.gameday.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.cascadelab.platform.CascadeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the embedded fleet: PostgreSQL, Kafka, then every service instance as its own JVM, in
 * stages, waiting for each to report ready. If anything fails to come up, everything already started is
 * stopped again and the failure names the log to read.
 */
public final class FleetSupervisor {

    private static final Logger log = LoggerFactory.getLogger(FleetSupervisor.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long MIB = 1024 * 1024;

    public enum Phase { IDLE, STARTING, READY, FAILED, STOPPING, STOPPED }

    public enum InstanceState { PENDING, STARTING, READY, FAILED, EXITED, STOPPED }

    private final FleetProperties fleet;
    private final CascadeProperties run;
    private final FleetLayout layout;
    private final Clock wall;
    private final String faultToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, InstanceState> states = new ConcurrentHashMap<>();
    private final Map<String, ChildProcess> children = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private volatile Phase phase = Phase.IDLE;
    private volatile String progress = "not started";
    private volatile String failure;
    private volatile String hostedZoneId;
    private volatile Instant epoch;
    private PostgresServer postgres;
    private ChildProcess kafka;

    public FleetSupervisor(FleetProperties fleet, CascadeProperties run, Clock wall, String faultToken) {
        this.fleet = fleet;
        this.run = run;
        this.layout = new FleetLayout(fleet);
        this.wall = wall;
        this.faultToken = faultToken;
        layout.instances().forEach(instance -> states.put(instance.name(), InstanceState.PENDING));
    }

    public FleetLayout layout() {
        return layout;
    }

    public String faultToken() {
        return faultToken;
    }

    /** The fleet runs elsewhere (Kubernetes, compose): gameday observes and calls it, but cannot restart or kill it. */
    public boolean external() {
        return fleet.external();
    }

    /** Brings the whole fleet up; throws with an actionable message when it cannot, having stopped what it started. */
    public synchronized void start() {
        phase = Phase.STARTING;
        epoch = wall.instant();
        try {
            prepareStateDir();
            checkPortsFree();
            checkJarsBuilt();
            startPostgres();
            startKafka();
            startInstances();
            hostedZoneId = discoverHostedZoneId();
            phase = Phase.READY;
            startMonitor();
            progress = "fleet ready: " + children.size() + " services";
            log.info("fleet ready in {} ms", Duration.between(epoch, wall.instant()).toMillis());
        } catch (RuntimeException | IOException e) {
            if (phase == Phase.STOPPING) {
                log.info("fleet start abandoned: stop requested");
                return;
            }
            failure = e.getMessage();
            phase = Phase.FAILED;
            progress = "failed: " + failure;
            log.error("fleet failed to start: {}", failure, e);
            stopEverything();
            phase = Phase.FAILED;
            writeFailure();
            throw new FleetStartException(failure, e);
        }
    }

    /** Stops everything; a start in progress notices at its next poll and gives up. */
    public void stop() {
        if (phase == Phase.STOPPED || phase == Phase.IDLE) {
            return;
        }
        phase = Phase.STOPPING;
        synchronized (this) {
            stopEverything();
            phase = Phase.STOPPED;
            progress = "stopped";
        }
    }

    private void prepareStateDir() throws IOException {
        progress = "preparing " + fleet.stateDir();
        Files.createDirectories(fleet.logDir());
        Files.deleteIfExists(failureFile());
        Files.writeString(pidFile(), "");
    }

    private void checkPortsFree() {
        progress = "checking ports";
        for (Map.Entry<String, String> entry : layout.portsInUse().entrySet()) {
            String[] hostPort = entry.getKey().split(":");
            if (listening(hostPort[0], Integer.parseInt(hostPort[1]))) {
                throw new IllegalStateException("port " + entry.getKey() + " (" + entry.getValue()
                        + ") is already in use; is another fleet running? try ./cascade down");
            }
        }
    }

    private void checkJarsBuilt() {
        for (InstanceSpec instance : layout.instances()) {
            if (!Files.isRegularFile(fleet.jar(instance.service()))) {
                throw new IllegalStateException(fleet.jar(instance.service())
                        + " is missing; build with ./mvnw -B -DskipTests package");
            }
        }
    }

    private void startPostgres() throws IOException {
        progress = "starting PostgreSQL on 127.0.0.1:" + fleet.ports().postgres();
        Path dataDir = fleet.stateDir().resolve("postgres").toAbsolutePath();
        postgres = PostgresServer.start(fleet.ports().postgres(), dataDir, fleet.fresh());
        recordPostmasterPid(dataDir);
        try {
            postgres.createDatabases(layout.databases());
        } catch (java.sql.SQLException e) {
            throw new IOException("could not create databases: " + e.getMessage(), e);
        }
    }

    private void recordPostmasterPid(Path dataDir) throws IOException {
        Path postmaster = dataDir.resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            String pid = Files.readAllLines(postmaster).get(0).trim();
            Files.writeString(pidFile(), pid + " postgres" + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private void startKafka() throws IOException {
        int port = fleet.ports().kafka();
        progress = "starting Kafka on 127.0.0.1:" + port;
        Path dataDir = fleet.stateDir().resolve("kafka").toAbsolutePath();
        if (fleet.fresh()) {
            KafkaBroker.wipe(dataDir);
        }
        List<String> command = KafkaBroker.command(fleet.artifactsHome(), port, fleet.ports().kafkaController(), dataDir,
                ProcessHandle.current().pid());
        Path logFile = fleet.logDir().resolve("kafka.log");
        kafka = ChildProcess.start("kafka", command, fleet.home(), logFile, pidFile());
        awaitOrFail("kafka", kafka, () -> listening("127.0.0.1", port));
        progress = "creating Kafka topics";
        KafkaBroker.createTopics(layout.kafka(), fleet.readyTimeout(), kafka.log());
    }

    private void startInstances() {
        List<InstanceSpec> all = layout.instances();
        int stages = all.stream().mapToInt(InstanceSpec::stage).max().orElse(0);
        ExecutorService starters = Executors.newFixedThreadPool(Math.max(1, fleet.startParallelism()));
        try {
            for (int stage = 0; stage <= stages; stage++) {
                int current = stage;
                List<Future<?>> started = new ArrayList<>();
                for (InstanceSpec instance : all.stream().filter(i -> i.stage() == current).toList()) {
                    started.add(starters.submit(() -> startInstance(instance)));
                }
                for (Future<?> future : started) {
                    join(future);
                }
            }
        } finally {
            starters.shutdownNow();
        }
    }

    /**
     * Restarts one instance for real, as a Deployment would replace a pod: SIGTERM, then a fresh JVM with
     * the same identity, empty queues and caches; returns once it is ready again.
     */
    public void restart(String name) {
        InstanceSpec instance = spec(name);
        if (fleet.external()) {
            throw new IllegalStateException(name + " is not run by this gameday; restart it where it runs (on "
                    + "Kubernetes: kubectl rollout restart deployment/<release>-" + name + ")");
        }
        ChildProcess old = children.remove(name);
        if (old != null) {
            old.stop(fleet.stopTimeout());
        }
        restarts.merge(name, 1, Integer::sum);
        log.info("restarting {}", name);
        startInstance(instance);
    }

    /** Kills one instance with SIGKILL, as PodChaos pod-kill does; the monitor starts a replacement. */
    public void kill(String name) {
        spec(name);
        if (fleet.external()) {
            throw new IllegalStateException(name + " is not run by this gameday: kill pods with Chaos Mesh's PodChaos");
        }
        ChildProcess child = children.get(name);
        if (child != null) {
            child.kill();
        }
    }

    private InstanceSpec spec(String name) {
        return layout.instances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance named " + name));
    }

    /** Restart policy Always: an instance that exits while the fleet is up is started again. */
    private void startMonitor() {
        Thread monitor = new Thread(() -> {
            while (phase == Phase.READY) {
                for (Map.Entry<String, ChildProcess> entry : Map.copyOf(children).entrySet()) {
                    if (!entry.getValue().alive() && phase == Phase.READY
                            && states.replace(entry.getKey(), InstanceState.READY, InstanceState.EXITED)) {
                        log.warn("{} exited with {}; starting a replacement", entry.getKey(), entry.getValue().exitCode());
                        Thread replacement = new Thread(() -> replace(entry.getKey()), "replace-" + entry.getKey());
                        replacement.setDaemon(true);
                        replacement.start();
                    }
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }, "fleet-monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    private void replace(String name) {
        try {
            restart(name);
        } catch (RuntimeException e) {
            log.error("replacement for {} failed: {}", name, e.getMessage());
        }
    }

    private boolean stopping() {
        return phase == Phase.STOPPING || phase == Phase.STOPPED || phase == Phase.FAILED;
    }

    private void startInstance(InstanceSpec instance) {
        if (stopping()) {
            return;
        }
        states.put(instance.name(), InstanceState.STARTING);
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaBinary());
        command.add("-Xmx" + fleet.heapFor(instance.service()));
        command.addAll(List.of(fleet.jvmOptions().trim().split("\\s+")));
        command.add("-jar");
        command.add(fleet.jar(instance.service()).toAbsolutePath().toString());
        command.addAll(layout.commonArgs(instance, run, faultToken, ProcessHandle.current().pid(), epoch));
        Path logFile = fleet.logDir().resolve(instance.name() + ".log").toAbsolutePath();
        try {
            ChildProcess child = ChildProcess.start(instance.name(), command, fleet.home(), logFile, pidFile());
            synchronized (children) {
                if (stopping()) {
                    child.stop(fleet.stopTimeout());
                    return;
                }
                children.put(instance.name(), child);
            }
            awaitOrFail(instance.name(), child, () -> ready(instance));
            states.put(instance.name(), InstanceState.READY);
            progress = readyCount() + "/" + states.size() + " services ready (" + instance.name() + ")";
        } catch (IOException e) {
            states.put(instance.name(), InstanceState.FAILED);
            throw new IllegalStateException("could not start " + instance.name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            states.put(instance.name(), InstanceState.FAILED);
            throw e;
        }
    }

    private void awaitOrFail(String name, ChildProcess child, BooleanSupplier ready) {
        Instant deadline = wall.instant().plus(fleet.readyTimeout());
        while (!ready.getAsBoolean()) {
            if (!child.alive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + child.log());
            }
            if (wall.instant().isAfter(deadline) || stopping()) {
                throw new IllegalStateException(name + " did not become ready within "
                        + fleet.readyTimeout().toSeconds() + " s; see " + child.log());
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private boolean ready(InstanceSpec instance) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the zone's Route 53 API for the default zone's id, as any Route 53 client would. */
    private String discoverHostedZoneId() {
        InstanceSpec zone = layout.instances().get(0);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(zone.baseUrl()
                    + "/2013-04-01/hostedzonesbyname?dnsname=" + fleet.zoneName() + ".&maxitems=1")).GET().build();
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            var matcher = java.util.regex.Pattern.compile("<Id>/hostedzone/([A-Z0-9]+)</Id>").matcher(body);
            return matcher.find() ? matcher.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void stopEverything() {
        progress = "stopping";
        List<ChildProcess> services;
        synchronized (children) {
            services = new ArrayList<>(children.values());
        }
        services.parallelStream().forEach(child -> {
            child.stop(fleet.stopTimeout());
            states.put(child.name(), InstanceState.STOPPED);
        });
        children.clear();
        if (kafka != null) {
            kafka.stop(fleet.stopTimeout());
            kafka = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
            postgres = null;
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", pidFile(), e.getMessage());
        }
    }

    private void writeFailure() {
        try {
            Files.writeString(failureFile(), failure == null ? "unknown failure" : failure);
        } catch (IOException e) {
            log.warn("could not write {}: {}", failureFile(), e.getMessage());
        }
    }

    public Status status() {
        Map<String, InstanceStatus> instances = new LinkedHashMap<>();
        long rss = 0;
        long pss = 0;
        for (InstanceSpec instance : layout.instances()) {
            ChildProcess child = children.get(instance.name());
            InstanceState state = states.get(instance.name());
            if (fleet.external()) {
                // a fleet run elsewhere is as ready as its instances answer, asked now
                state = ready(instance) ? InstanceState.READY : InstanceState.PENDING;
            } else if (child != null && !child.alive() && state == InstanceState.READY) {
                // Only reported: the monitor owns the READY -> EXITED transition, which is what starts the
                // replacement. Writing it here would make the monitor's compare-and-set fail and leave the
                // instance dead (the CI failure of 2026-11-25).
                state = InstanceState.EXITED;
            }
            long instanceRss = child == null ? 0 : child.residentBytes();
            rss += instanceRss;
            pss += child == null ? 0 : child.proportionalBytes();
            instances.put(instance.name(), new InstanceStatus(instance.service(), instance.az(), instance.baseUrl(),
                    state, child == null ? 0 : child.pid(), restarts.getOrDefault(instance.name(), 0), instanceRss / MIB,
                    fleet.logDir().resolve(instance.name() + ".log").toString()));
        }
        for (long pid : infrastructurePids()) {
            rss += Rss.of(pid);
            pss += Rss.proportional(pid);
        }
        boolean allReady = (phase == Phase.READY || fleet.external())
                && instances.values().stream().allMatch(i -> i.state() == InstanceState.READY);
        return new Status(phase, allReady, progress, failure, epoch, instances, rss / MIB, pss / MIB);
    }

    /** gameday itself, the Kafka broker, and PostgreSQL with its backends. */
    private List<Long> infrastructurePids() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        ChildProcess broker = kafka;
        if (broker != null) {
            pids.add(broker.pid());
        }
        Path postmaster = fleet.stateDir().resolve("postgres").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
            ProcessHandle.of(pid).ifPresent(handle -> {
                pids.add(pid);
                handle.descendants().forEach(child -> pids.add(child.pid()));
            });
        } catch (IOException | RuntimeException e) {
            // PostgreSQL not running (yet, or any more): nothing to count.
        }
        return pids;
    }

    /** The JSON {@code ./cascade endpoints} prints; later issues keep these keys meaning the same thing. */
    public Map<String, Object> endpoints() {
        return layout.endpoints(run, hostedZoneId);
    }

    private long readyCount() {
        return states.values().stream().filter(state -> state == InstanceState.READY).count();
    }

    private Path pidFile() {
        return fleet.stateDir().resolve("pids");
    }

    private Path failureFile() {
        return fleet.stateDir().resolve("fleet-error");
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void join(Future<?> future) {
        try {
            future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fleet", e);
        }
    }

    public record InstanceStatus(String service, String az, String url, InstanceState state, long pid,
                                 int restarts, long rssMiB, String log) {
    }

    /**
     * @param totalRssMiB  sum of every process's RSS (counts shared pages once per process)
     * @param totalPssMiB  sum of proportional set sizes: what the fleet really occupies
     */
    public record Status(Phase phase, boolean ready, String progress, String failure, Instant startedAt,
                         Map<String, InstanceStatus> instances, long totalRssMiB, long totalPssMiB) {
    }

    public static final class FleetStartException extends RuntimeException {
        FleetStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
