package io.cascadelab.dynamo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static io.cascadelab.dynamo.Sdk.*;

/**
 * Throughput and latency of a GetItem / PutItem / conditional UpdateItem mix (equal thirds) at 32 concurrent SDK
 * clients, Cascade's dynamo (its own JVM, on the embedded PostgreSQL) beside dynalite (its own process), in the same run on the same machine.
 * Not a unit test: run it by hand (see the README for the command). Arguments: [clients] [warmupSeconds]
 * [measureSeconds] [keys] [seed]. Before either is measured, the harness warms its own client code up against
 * dynalite for twice the warm-up ({@code -Ddynamo.bench.warmHarness=false} to skip, as runs before 2026-11-25 did).
 */
public final class DynamoBenchmark {

    private DynamoBenchmark() {
    }

    /**
     * @param serverCpuNanos CPU time used while measuring by every process this harness started (the Cascade node and
     *                       PostgreSQL, or dynalite; the idle other target adds next to nothing): server-side CPU per
     *                       operation varies far less than throughput on a machine shared with other work
     * @param clientCpuNanos CPU time this harness JVM (the 32 SDK clients) used while measuring
     */
    record Result(String target, long operations, double seconds, long errors, Histogram latency, long serverCpuNanos,
                  long postgresCpuNanos, long clientCpuNanos) {
        double throughput() {
            return operations / seconds;
        }

        double clientMicrosPerOp() {
            return operations == 0 ? 0.0 : clientCpuNanos / 1e3 / operations;
        }

        double serverMicrosPerOp() {
            return operations == 0 ? 0.0 : serverCpuNanos / 1e3 / operations;
        }

        /**
         * The CPU per operation a server (node + PostgreSQL, or dynalite) could spend at {@code opsPerSecond} on this
         * machine beside these clients: all cores' CPU per operation at that rate, less what the clients used per
         * operation in this phase. The clients and the server share the cores, so a server needing more than this
         * cannot reach that rate here; zero or less means no server could, however cheap.
         */
        double serverBudgetMicrosPerOp(double opsPerSecond) {
            return Runtime.getRuntime().availableProcessors() * 1e6 / opsPerSecond - clientMicrosPerOp();
        }

        String line() {
            return String.format("%-8s %9.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %7.2f ms  errors %d"
                            + "  server cpu %5.0f us/op (postgres %4.0f)  client cpu %5.0f us/op",
                    target, throughput(), latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                    latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3, errors,
                    serverMicrosPerOp(), operations == 0 ? 0.0 : postgresCpuNanos / 1e3 / operations,
                    clientMicrosPerOp());
        }
    }

    /** The node or dynalite (descendants of this JVM) and, unless only the node is asked for, PostgreSQL. */
    private static long serverCpuNanos(boolean postgresOnly) {
        // pg_ctl detaches the postmaster, so PostgreSQL is found by its port, then its backends as its children.
        String port = Integer.toString(TestPostgres.port());
        java.util.stream.Stream<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres")
                        && p.info().commandLine().orElse("").contains(port))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()));
        java.util.stream.Stream<ProcessHandle> all = postgresOnly ? postgres
                : java.util.stream.Stream.concat(postgres, ProcessHandle.current().descendants()).distinct();
        return all.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    private static long clientCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int measure = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int keys = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 20251020L;
        System.out.printf("clients=%d warmup=%ds measure=%ds keys=%d seed=%d cores=%d%n", clients, warmup, measure, keys,
                seed, Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        URI dynalite = Targets.dynalite();
        // The harness's own SDK code is interpreted and JIT-compiled while it drives whichever target comes first,
        // and on two cores that compilation competes with the target (it cost the first target several times more
        // client CPU per request than the second). Warm the harness up first, so both targets meet a warm client.
        if (dynalite != null && Boolean.parseBoolean(System.getProperty("dynamo.bench.warmHarness", "true"))) {
            run("harness-warm-up", dynalite, clients, warmup * 2, 0, keys, seed);
        }
        // Cascade runs as its own JVM, as dynalite runs as its own process: the harness JVM only generates load.
        Process node = launchNode();
        results.add(run("cascade", nodeEndpoint, clients, warmup, measure, keys, seed));
        node.destroy();
        if (dynalite != null) {
            results.add(run("dynalite", dynalite, clients, warmup, measure, keys, seed));
        } else {
            System.out.println("dynalite: " + Targets.dynaliteMissing());
        }
        System.out.println();
        results.forEach(r -> System.out.println(r.line()));
        if (results.size() == 2) {
            Result dynaliteResult = results.get(1);
            System.out.printf("throughput ratio cascade/dynalite: %.2fx%n", results.get(0).throughput() / dynaliteResult.throughput());
            // What the goal asks of this machine: at 3x dynalite's rate the cores' CPU per operation is shared by the
            // harness's clients and the server, so what the clients use is not left for any server. The clients'
            // cost differed by phase in recorded runs (2026-12-04: 149-175 us/op against Cascade, 86-123 against
            // dynalite), hence one budget per phase.
            double goal = 3 * dynaliteResult.throughput();
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("3x dynalite = %.0f ops/s: %d cores give %.0f us of CPU per op, clients and server"
                    + " together%n", goal, cores, cores * 1e6 / goal);
            for (Result r : results) {
                double budget = r.serverBudgetMicrosPerOp(goal);
                System.out.printf("  with the %s phase's client cpu (%.0f us/op): %s (%s used %.0f us/op)%n",
                        r.target(), r.clientMicrosPerOp(), budget > 0
                                ? String.format("a server may spend %.0f us/op", budget)
                                : String.format("no server could, the clients alone are %.0f us/op over", -budget),
                        r.target(), r.serverMicrosPerOp());
            }
        }
        System.exit(0);
    }

    private static URI nodeEndpoint;

    private static Process launchNode() throws Exception {
        int port = Targets.freePort();
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", System.getProperty("dynamo.bench.nodeJvmArg", "-Dnothing=1"),
                "-cp", System.getProperty("java.class.path"), DynamoApplication.class.getName(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--cascade.parent-pid=" + ProcessHandle.current().pid(),
                "--cascade.dynamo.capacity.requests-per-second=0", "--cascade.dynamo.capacity.max-in-flight=0",
                "--logging.level.root=WARN"));
        String extra = System.getProperty("dynamo.test.args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\|")));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Targets.awaitPort(port, Duration.ofSeconds(120));
        nodeEndpoint = URI.create("http://127.0.0.1:" + port);
        return process;
    }

    private static Result run(String name, URI endpoint, int clients, int warmup, int measure, int keys, long seed)
            throws Exception {
        String table;
        try (DynamoDbClient setup = Targets.client(endpoint, true, 8)) {
            table = createTable(setup, uniqueTable("bench"), "pk", "S", null, null);
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(row(i, 0)).build()).build());
                if (batch.size() == 25) {
                    List<WriteRequest> send = List.copyOf(batch);
                    setup.batchWriteItem(r -> r.requestItems(Map.of(table, send)));
                    batch.clear();
                }
            }
        }
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(measure).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        List<DynamoDbClient> sdkClients = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            DynamoDbClient client = Targets.client(endpoint, true, 2);
            sdkClients.add(client);
            Random random = new Random(seed + c);
            Thread worker = new Thread(() -> {
                boolean measuring = false;
                try {
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        if (!measuring && now >= measureFrom) {
                            measuring = true;
                        }
                        int key = random.nextInt(keys);
                        int op = random.nextInt(3);
                        long t0 = System.nanoTime();
                        try {
                            switch (op) {
                                case 0 -> client.getItem(r -> r.tableName(table).key(item("pk", s("key-" + key))));
                                case 1 -> client.putItem(r -> r.tableName(table).item(row(key, random.nextInt(1000))));
                                default -> client.updateItem(r -> r.tableName(table).key(item("pk", s("key-" + key)))
                                        .updateExpression("SET hits = if_not_exists(hits, :zero) + :one")
                                        .conditionExpression("attribute_exists(pk)")
                                        .expressionAttributeValues(item(":zero", n(0), ":one", n(1))));
                            }
                            if (measuring) {
                                recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                                operations.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            if (measuring) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, name + "-client-" + c);
            worker.start();
        }
        Thread.sleep(Duration.ofSeconds(warmup).toMillis());
        recorder.reset();
        long cpuFrom = serverCpuNanos(false);
        long postgresCpuFrom = serverCpuNanos(true);
        long clientCpuFrom = clientCpuNanos();
        done.await();
        long clientCpu = clientCpuNanos() - clientCpuFrom;
        long serverCpu = serverCpuNanos(false) - cpuFrom;
        long postgresCpu = serverCpuNanos(true) - postgresCpuFrom;
        Histogram histogram = recorder.getIntervalHistogram();
        sdkClients.forEach(DynamoDbClient::close);
        Result result = new Result(name, operations.get(), measure, errors.get(), histogram, serverCpu, postgresCpu,
                clientCpu);
        if (measure > 0) {
            System.out.println(result.line());
        }
        return result;
    }

    private static Map<String, AttributeValue> row(int key, int value) {
        return item("pk", s("key-" + key), "v", n(value), "payload", s("x".repeat(200)), "tags", ss("a", "b"));
    }
}
