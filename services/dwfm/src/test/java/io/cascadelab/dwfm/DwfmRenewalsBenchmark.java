package io.cascadelab.dwfm;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.cascadelab.dwfm.lease.DropletLease;
import io.cascadelab.dwfm.lease.DropletsClient;
import io.cascadelab.dwfm.lease.LeaseStore;
import io.cascadelab.dwfm.work.LeaseManager;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.aws.AwsClientSupport;
import io.cascadelab.platform.aws.FaultingSdkHttpClient;
import io.cascadelab.platform.dns.ZoneDnsResolver;
import io.cascadelab.platform.dns.ZoneResolver;
import io.cascadelab.platform.fault.FaultHook;
import io.cascadelab.platform.fault.FaultingRequestInterceptor;
import io.cascadelab.platform.testing.TestDnsServer;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Steady-state lease renewals (issue 5): three real {@link LeaseManager}s (az1..az3, incident mode, the
 * service's default parameters) in this JVM, against the real droplets service (its jar, its own process, fast
 * simulated hardware so the droplets are not the bottleneck) and dynalite (its own process) found through a real
 * DNS server, as {@code DwfmConfiguration} wires them. The droplets boot leased by {@code dwfm-<az>}; after a
 * warm-up it measures, over a window of whole check-in periods, renewals completed per wall second against the
 * required rate (droplets / check-in period at this time scale), failed check-ins, leases lost, queue depth and
 * wait, and CPU per thousand renewals: this process (DWFM: every thread, GC and JIT included), its Java threads by
 * group, the droplets' process and dynalite's. One line per run, starting with {@code RUN}.
 *
 * <p>Arguments: {@code [droplets] [timeScale] [windowPeriods] [warmupPeriods] [seed]}; system properties
 * {@code dwfm.bench.dropletsJar} (default {@code ../droplets/target/droplets.jar}), {@code dwfm.bench.mode}
 * ({@code incident}|{@code fixed}), {@code dwfm.bench.dropletsJvm} (extra JVM flags for the droplets process).
 * Usage: {@code load-tests/dwfm-renewals.sh}, or services/dwfm/README.md.
 */
public final class DwfmRenewalsBenchmark {

    private static final List<String> AZS = List.of("az1", "az2", "az3");
    private static final Name ZONE = Name.fromConstantString("cascade.test.");
    private static final Name REGIONAL = Name.fromConstantString("dynamodb.us-east-1.cascade.test.");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private DwfmRenewalsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requested = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double factor = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        double windowPeriods = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        double warmupPeriods = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        boolean fixed = "fixed".equals(System.getProperty("dwfm.bench.mode", "incident"));
        int perAz = (requested + AZS.size() - 1) / AZS.size();
        int droplets = perAz * AZS.size();
        TimeScale scale = new TimeScale(factor);
        Clock wall = Clock.systemUTC();
        int dynalitePort = freePort();
        int dropletsPort = freePort();
        String dropletsUrl = "http://127.0.0.1:" + dropletsPort;
        DwfmProperties settings = defaults(dropletsUrl, dynalitePort);
        double periodSeconds = scale.toWall(settings.checkInPeriod()).toNanos() / 1e9;
        long jitWarmupMillis = Long.getLong("dwfm.bench.jitWarmupSeconds", 30) * 1000;
        Process dynalite = new ProcessBuilder(onPath("dynalite"), "--host", "127.0.0.1", "--port",
                Integer.toString(dynalitePort), "--createTableMs", "0").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> dropletsCommand = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m"));
        String extra = System.getProperty("dwfm.bench.dropletsJvm", "");
        if (!extra.isBlank()) {
            dropletsCommand.addAll(List.of(extra.trim().split("\\s+")));
        }
        // Fast simulated hardware: a check-in costs the droplet nothing and an AZ serves far more at once than
        // DWFM's 3 workers ask for, so what is measured is DWFM (and Dynamo), not the simulated hardware.
        dropletsCommand.addAll(List.of("-jar", System.getProperty("dwfm.bench.dropletsJar", "../droplets/target/droplets.jar"),
                "--server.port=" + dropletsPort, "--cascade.time-scale=" + factor, "--cascade.seed=" + seed,
                "--cascade.parent-pid=" + ProcessHandle.current().pid(),
                "--cascade.droplets.per-az=" + perAz, "--cascade.droplets.check-in-time=0s",
                "--cascade.droplets.spread=0", "--cascade.droplets.concurrency-per-az=64",
                "--logging.level.root=WARN"));
        Process dropletsProcess = new ProcessBuilder(dropletsCommand).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<LeaseManager> managers = new ArrayList<>();
        Map<String, SimpleMeterRegistry> registries = new LinkedHashMap<>();
        SimpleMeterRegistry platform = new SimpleMeterRegistry();
        try (TestDnsServer dns = new TestDnsServer(ZONE, new SOARecord(ZONE, DClass.IN, 60,
                Name.fromConstantString("ns1.cascade.test."), Name.fromConstantString("hostmaster.cascade.test."),
                1, 60, 60, 86400, 60))) {
            dns.set(REGIONAL, List.of(new ARecord(REGIONAL, DClass.IN, 60, InetAddress.getLoopbackAddress())));
            await(Duration.ofSeconds(30), () -> listening(dynalitePort), "dynalite");
            await(Duration.ofSeconds(120), () -> answers(dropletsUrl + "/instances"), "droplets");

            FaultHook faults = new FaultHook(wall, new SplittableRandom(seed), platform);
            SplittableRandom random = new SplittableRandom(seed);
            for (String az : AZS) {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                registries.put(az, registry);
                managers.add(manager(az, settings, fixed, dns, scale, wall, faults, random.split(), registry));
            }
            double warmCalls = warmUp(settings, dns, scale, wall, faults, perAz, jitWarmupMillis);
            long startedAt = System.nanoTime();
            managers.forEach(LeaseManager::start);
            await(Duration.ofSeconds(120), () -> managers.stream().allMatch(LeaseManager::ready), "DWFM ready");
            double startSeconds = (System.nanoTime() - startedAt) / 1e9;

            AtomicInteger queueMax = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    queueMax.accumulateAndGet(managers.stream().mapToInt(LeaseManager::queueDepth).sum(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
            sampler.setDaemon(true);

            Thread.sleep(Math.max(5_000, (long) (warmupPeriods * periodSeconds * 1000)));
            String loadBefore = loadAverage();
            Snapshot before = Snapshot.take(registries, dropletsProcess.pid(), dynalite.pid());
            sampler.start();
            long windowStart = System.nanoTime();
            Thread.sleep((long) (windowPeriods * periodSeconds * 1000));
            Snapshot after = Snapshot.take(registries, dropletsProcess.pid(), dynalite.pid());
            double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
            sampler.interrupt();
            String loadAfter = loadAverage();
            long now = wall.millis();
            long notActive = managers.stream().mapToLong(m -> m.book().count(now).entrySet().stream()
                    .filter(e -> e.getKey() != DropletLease.State.ACTIVE).mapToLong(Map.Entry::getValue).sum()).sum();
            double p99Ms = registries.values().stream().mapToDouble(r -> percentile(r, 0.99)).max().orElse(0);

            double renewals = after.checkInsOk - before.checkInsOk;
            double failed = after.checkInsFailed - before.checkInsFailed;
            double establishments = after.establishments - before.establishments;
            double lost = after.lost - before.lost;
            double required = droplets / periodSeconds;
            double rate = renewals / windowSeconds;
            double perThousand = 1000 / Math.max(1, renewals);
            double waitMeanMs = (after.waitTotalMs - before.waitTotalMs) / Math.max(1, after.waitCount - before.waitCount);
            double checkInMeanMs = (after.checkInTotalMs - before.checkInTotalMs)
                    / Math.max(1, after.checkInCount - before.checkInCount);
            boolean sustained = notActive == 0 && lost == 0 && establishments == 0 && failed == 0 && rate >= 0.95 * required;
            Map<String, Double> threads = new LinkedHashMap<>();
            after.threadCpuMs.forEach((group, ms) -> threads.put(group, ms - before.threadCpuMs.getOrDefault(group, 0.0)));
            double javaThreads = threads.values().stream().mapToDouble(Double::doubleValue).sum();
            double process = after.processCpuMs - before.processCpuMs;
            StringBuilder threadText = new StringBuilder();
            threads.forEach((group, ms) -> threadText.append(String.format(Locale.ROOT, " %s %.1f", group, ms * perThousand)));
            System.out.printf(Locale.ROOT, "RUN droplets=%d scale=%s mode=%s period=%.1fs window=%.1fs load=%s..%s "
                            + "required=%.1f/s renewals=%.1f/s ratio=%.3f ok=%.0f failed=%.0f success=%.4f "
                            + "notActiveAtEnd=%d lost=%.0f establishments=%.0f queueMax=%d waitMeanMs=%.2f waitP99Ms=%.1f "
                            + "checkInMeanMs=%.2f dwfmCpuMsPer1k=%.1f (java threads:%s; jvm-internal %.1f) dwfmCpuMsPer1kAttempts=%.1f "
                            + "dropletsCpuMsPer1k=%.1f dynaliteCpuMsPer1k=%.1f gcMs=%.0f startS=%.1f jitWarmupCalls=%.0f sustained=%s%n",
                    droplets, trim(factor), fixed ? "fixed" : "incident", periodSeconds, windowSeconds, loadBefore,
                    loadAfter, required, rate, rate / required, renewals, failed, renewals / Math.max(1, renewals + failed),
                    notActive, lost, establishments, queueMax.get(), waitMeanMs, p99Ms, checkInMeanMs,
                    process * perThousand, threadText, (process - javaThreads) * perThousand,
                    process * 1000 / Math.max(1, renewals + failed),
                    (after.dropletsCpuMs - before.dropletsCpuMs) * perThousand,
                    (after.dynaliteCpuMs - before.dynaliteCpuMs) * perThousand, after.gcMs - before.gcMs, startSeconds, warmCalls,
                    sustained ? "yes" : "no");
        } finally {
            managers.forEach(LeaseManager::close);
            dropletsProcess.destroy();
            dynalite.destroy();
            dropletsProcess.waitFor(10, TimeUnit.SECONDS);
            dynalite.waitFor(10, TimeUnit.SECONDS);
            dropletsProcess.destroyForcibly();
            dynalite.destroyForcibly();
        }
        System.exit(0);
    }

    /** The service's defaults (DwfmProperties' @DefaultValue): 20m check-ins, 60m leases, 3 workers, 15s tick. */
    private static DwfmProperties defaults(String dropletsUrl, int dynalitePort) {
        return new DwfmProperties(URI.create(dropletsUrl), URI.create("http://dynamodb.us-east-1.cascade.test:" + dynalitePort),
                "dwfm-leases",
                Duration.ofMinutes(20), Duration.ofMinutes(60), 3, Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofSeconds(15), Duration.ofMinutes(10),
                new DwfmProperties.Fixed(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(10)));
    }

    /**
     * One AZ's DWFM wired by DwfmConfiguration itself (its Dynamo and droplets clients), on the platform's SDK HTTP
     * client as PlatformAutoConfiguration builds it (resolving through the zone's DNS, connections living 5 s):
     * its own clients per AZ, as three DWFM processes would have.
     */
    private static LeaseManager manager(String az, DwfmProperties settings, boolean fixed, TestDnsServer dns,
                                        TimeScale scale, Clock wall, FaultHook faults, SplittableRandom random,
                                        SimpleMeterRegistry registry) {
        ZoneResolver resolver = new ZoneResolver(dns.address(), "cascade.test", Duration.ofSeconds(1), scale, wall,
                faults, registry);
        AwsClientSupport aws = new AwsClientSupport(new FaultingSdkHttpClient(ApacheHttpClient.builder()
                .dnsResolver(new ZoneDnsResolver(resolver)).connectionTimeToLive(Duration.ofSeconds(5)).build(), faults),
                new CascadeProperties.Credentials("AKIACASCADELOCAL0001", "cascade-local-secret-key"));
        DwfmConfiguration wiring = new DwfmConfiguration();
        DynamoDbClient dynamo = wiring.dwfmDynamo(aws, settings, scale);
        DropletsClient droplets = wiring.dropletsClient(settings, scale, new FaultingRequestInterceptor(faults));
        return new LeaseManager(az, settings, fixed, new LeaseStore(dynamo, settings.table()), droplets, scale, wall,
                random, registry);
    }

    /**
     * A cold JVM does the lease work several times slower than a warm one (interpreted and JIT-compiling the SDK,
     * the HTTP clients, Jackson), and in incident mode a queue built while cold never drains: every check-in
     * finishes past its deadline, fails and is queued again (measured: see docs/benchmarks.md). So before the DWFMs
     * start, and for this long, three threads per AZ do exactly a check-in's two calls (Dynamo, then the droplet)
     * on the AZ's boot leases through clients wired the same way (their own, not the DWFMs'). Renewing a boot lease
     * early changes nothing a DWFM relies on. 0 disables it.
     *
     * @return check-ins done
     */
    private static double warmUp(DwfmProperties settings, TestDnsServer dns, TimeScale scale, Clock wall,
                                 FaultHook faults, int perAz, long millis) throws InterruptedException {
        if (millis <= 0) {
            return 0;
        }
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (String az : AZS) {
            ZoneResolver resolver = new ZoneResolver(dns.address(), "cascade.test", Duration.ofSeconds(1), scale, wall,
                    faults, new SimpleMeterRegistry());
            AwsClientSupport aws = new AwsClientSupport(new FaultingSdkHttpClient(ApacheHttpClient.builder()
                    .dnsResolver(new ZoneDnsResolver(resolver)).connectionTimeToLive(Duration.ofSeconds(5)).build(), faults),
                    new CascadeProperties.Credentials("AKIACASCADELOCAL0001", "cascade-local-secret-key"));
            DwfmConfiguration wiring = new DwfmConfiguration();
            LeaseStore store = new LeaseStore(wiring.dwfmDynamo(aws, settings, scale), settings.table());
            DropletsClient droplets = wiring.dropletsClient(settings, scale, new FaultingRequestInterceptor(faults));
            for (int t = 0; t < settings.workers(); t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    for (int i = first; System.nanoTime() < end; i += settings.workers()) {
                        String id = String.format("d-%s-%05d", az, 1 + i % perAz);
                        try {
                            store.checkIn(id, "dwfm-" + az, "boot-" + id,
                                    wall.millis() + scale.toWall(settings.leaseDuration()).toMillis());
                            droplets.checkIn(id, "dwfm-" + az, "boot-" + id, settings.leaseDuration());
                            done.incrementAndGet();
                        } catch (RuntimeException e) {
                            // a boot lease that already ran out: skip it
                        }
                    }
                }, "bench-warmup");
                threads.add(thread);
                thread.start();
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get();
    }

    /** Counters summed over the AZs, and CPU so far, at one moment. */
    private record Snapshot(double checkInsOk, double checkInsFailed, double establishments, double lost,
                            double waitCount, double waitTotalMs, double checkInCount, double checkInTotalMs,
                            double processCpuMs, Map<String, Double> threadCpuMs, double dropletsCpuMs,
                            double dynaliteCpuMs, double gcMs) {

        static Snapshot take(Map<String, SimpleMeterRegistry> registries, long dropletsPid, long dynalitePid) {
            double ok = 0, failed = 0, establishments = 0, lost = 0, waits = 0, waitMs = 0, checkIns = 0, checkInMs = 0;
            for (SimpleMeterRegistry r : registries.values()) {
                ok += r.counter("cascade.dwfm.checkins", "outcome", "success").count();
                failed += r.counter("cascade.dwfm.checkins", "outcome", "failure").count();
                lost += r.counter("cascade.dwfm.leases.lost", "refused_by", "droplet").count()
                        + r.counter("cascade.dwfm.leases.lost", "refused_by", "dynamo").count();
                establishments += r.timer("cascade.dwfm.work.time", "kind", "establish").count();
                var wait = r.timer("cascade.dwfm.queue.wait");
                waits += wait.count();
                waitMs += wait.totalTime(TimeUnit.MILLISECONDS);
                var checkIn = r.timer("cascade.dwfm.work.time", "kind", "check-in");
                checkIns += checkIn.count();
                checkInMs += checkIn.totalTime(TimeUnit.MILLISECONDS);
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
            return new Snapshot(ok, failed, establishments, lost, waits, waitMs, checkIns, checkInMs,
                    os.getProcessCpuTime() / 1e6, threadCpu(), procCpuMs(dropletsPid), procCpuMs(dynalitePid), gc);
        }
    }

    /**
     * CPU of this JVM's live Java threads by group: {@code dwfm} (LeaseManager's workers and timer: the lease work,
     * the SDK and the HTTP client calls they make), {@code http} (the JDK HttpClient's selector and executor threads),
     * {@code other} (Apache's connection reaper, the SDK's timers, the DNS server, this harness). GC and JIT threads
     * are not Java threads: they are the process total minus these.
     */
    private static Map<String, Double> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new LinkedHashMap<>(Map.of("dwfm", 0.0, "http", 0.0, "other", 0.0));
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info == null || nanos < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("dwfm-http") || name.startsWith("HttpClient-") ? "http"
                    : name.startsWith("dwfm-") ? "dwfm" : "other";
            groups.merge(group, nanos / 1e6, Double::sum);
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String group : List.of("dwfm", "http", "other")) {
            ordered.put(group, groups.get(group));
        }
        return ordered;
    }

    /** utime + stime of a process from /proc, in milliseconds (Linux). */
    private static double procCpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000.0 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double percentile(SimpleMeterRegistry registry, double p) {
        for (var value : registry.timer("cascade.dwfm.queue.wait").takeSnapshot().percentileValues()) {
            if (value.percentile() == p) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "," + parts[1] + "," + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(what + " not up within " + limit);
            }
            Thread.sleep(100);
        }
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, name);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        throw new IllegalStateException(name + " is not on the PATH (npm install -g dynalite@4.0.0)");
    }
}
