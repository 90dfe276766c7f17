package io.cascadelab.dynamo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The two DynamoDB implementations the tests talk to through the real SDK: Cascade's dynamo (always; started
 * in-process on a random port over the embedded PostgreSQL) and dynalite (when the {@code dynalite} binary is on
 * PATH; started on a free loopback port; {@link #requireDynalite()} for tests that cannot do without it). Both live
 * for the whole test JVM.
 */
final class Targets {

    private static ConfigurableApplicationContext cascade;
    private static URI cascadeEndpoint;
    private static Process dynalite;
    private static URI dynaliteEndpoint;
    private static String dynaliteMissing;

    private Targets() {
    }

    static synchronized URI cascade() {
        if (cascade == null) {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                    "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--cascade.dynamo.capacity.requests-per-second=0", "--cascade.dynamo.capacity.max-in-flight=0",
                    "--logging.structured.format.console=", "--logging.level.root=WARN"));
            // Extra arguments for experiments and the benchmark, separated by "|", e.g. -Ddynamo.test.args="--a=b|--c=d".
            String extra = System.getProperty("dynamo.test.args", "").trim();
            if (!extra.isEmpty()) {
                args.addAll(List.of(extra.split("\\|")));
            }
            cascade = new SpringApplication(DynamoApplication.class).run(args.toArray(String[]::new));
            int port = Integer.parseInt(cascade.getEnvironment().getProperty("local.server.port"));
            cascadeEndpoint = URI.create("http://127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(cascade::close));
        }
        return cascadeEndpoint;
    }

    private static ConfigurableApplicationContext secondNode;
    private static URI secondNodeEndpoint;

    /** A second Cascade node on the same database, as the fleet runs several nodes behind one name. */
    static synchronized URI cascadeSecondNode() {
        if (secondNode == null) {
            cascade();
            secondNode = new SpringApplication(DynamoApplication.class).run("--server.port=0",
                    "--server.address=127.0.0.1", "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--cascade.instance=dynamo-second", "--cascade.dynamo.capacity.requests-per-second=0",
                    "--cascade.dynamo.capacity.max-in-flight=0", "--logging.structured.format.console=",
                    "--logging.level.root=WARN");
            secondNodeEndpoint = URI.create("http://127.0.0.1:" + secondNode.getEnvironment().getProperty("local.server.port"));
            Runtime.getRuntime().addShutdownHook(new Thread(secondNode::close));
        }
        return secondNodeEndpoint;
    }

    /** The dynalite endpoint, or null when dynalite is not installed ({@link #dynaliteMissing()} says why). */
    static synchronized URI dynalite() {
        if (dynalite == null && dynaliteMissing == null) {
            String binary = findOnPath("dynalite");
            if (binary == null) {
                dynaliteMissing = "dynalite is not on PATH (npm install -g dynalite@4.0.0)";
                return null;
            }
            int port = freePort();
            try {
                dynalite = new ProcessBuilder(binary, "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(dynalite::destroyForcibly));
            awaitPort(port, Duration.ofSeconds(20));
            dynaliteEndpoint = URI.create("http://127.0.0.1:" + port);
        }
        return dynaliteEndpoint;
    }

    static String dynaliteMissing() {
        return dynaliteMissing;
    }

    /**
     * The dynalite endpoint for a test that compares against it. Without dynalite such a test would compare nothing,
     * and a comparison that compared nothing must not pass: the test is aborted (reported as skipped) on a developer
     * machine, and fails when the environment variable {@code CI} is set, because CI installs dynalite
     * ({@code .ci/run}) and a skip there would hide that the suite stopped checking anything.
     */
    static URI requireDynalite() {
        URI endpoint = dynalite();
        if (endpoint == null) {
            if (System.getenv("CI") != null) {
                Assertions.fail("CI is set but " + dynaliteMissing + ": the conformance comparison cannot run");
            }
            Assumptions.abort(dynaliteMissing + ": nothing to compare against, test skipped");
        }
        return endpoint;
    }

    static DynamoDbClient client(URI endpoint) {
        return client(endpoint, false, 64);
    }

    static DynamoDbClient client(URI endpoint, boolean retries, int connections) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(ApacheHttpClient.builder().maxConnections(connections).build())
                .overrideConfiguration(o -> {
                    if (!retries) {
                        o.retryStrategy(DefaultRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        throw new IllegalStateException("nothing listening on port " + port + " after " + timeout);
    }
}
