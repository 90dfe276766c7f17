package io.cascadelab.dynamo;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged write survives {@code kill -9} of the node: the dynamo app runs as its own JVM (main class on the
 * test classpath), acknowledges N writes while a writer is still busy, is killed with SIGKILL, restarted, and every
 * acknowledged item must be there.
 */
class CrashTest {

    private static Process launch(int port, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                DynamoApplication.class.getName(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--cascade.parent-pid=" + ProcessHandle.current().pid(),
                "--cascade.dynamo.capacity.requests-per-second=0"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitUp(int port, Process process, Path log) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited early:\n" + Files.readString(log));
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinusNineAndRestart() throws Exception {
        int port = Targets.freePort();
        Path log = Files.createTempFile("dynamo-crash", ".log");
        Process node = launch(port, log);
        List<String> acknowledged = new ArrayList<>();
        String table = uniqueTable("crash");
        try {
            awaitUp(port, node, log);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            try (DynamoDbClient client = Targets.client(endpoint)) {
                createTable(client, table, "pk", "S", null, null);
                for (int i = 0; i < 200; i++) {
                    String key = "item-" + i;
                    client.putItem(r -> r.tableName(table).item(item("pk", s(key), "seq", n(key.length()))));
                    acknowledged.add(key);
                }
                // One more write in flight while the process dies: it may or may not land, but must not corrupt.
                Thread inFlight = new Thread(() -> {
                    try {
                        client.updateItem(r -> r.tableName(table).key(item("pk", s("item-0")))
                                .updateExpression("SET touched = :t").expressionAttributeValues(item(":t", bool(true))));
                    } catch (RuntimeException ignored) {
                        // the node is being killed
                    }
                });
                inFlight.start();
                node.destroyForcibly().waitFor();
                inFlight.join(10_000);
            }
            node = launch(port, log);
            awaitUp(port, node, log);
            try (DynamoDbClient client = Targets.client(URI.create("http://127.0.0.1:" + port))) {
                List<String> missing = new ArrayList<>();
                for (String key : acknowledged) {
                    if (!client.getItem(r -> r.tableName(table).key(item("pk", s(key)))).hasItem()) {
                        missing.add(key);
                    }
                }
                assertThat(missing).as("acknowledged items missing after kill -9").isEmpty();
                assertThat(client.scan(r -> r.tableName(table)).count()).isEqualTo(acknowledged.size());
            }
        } finally {
            node.destroyForcibly();
            new File(log.toString()).deleteOnExit();
        }
    }
}
