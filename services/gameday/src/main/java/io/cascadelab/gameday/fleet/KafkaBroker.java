package io.cascadelab.gameday.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cascadelab.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka broker (KRaft, single node) in its own JVM, from the {@code libs/kafka-broker} module, whose
 * classpath the build copies to {@code libs/kafka-broker/target/lib}.
 */
final class KafkaBroker {

    private KafkaBroker() {
    }

    static List<String> command(Path home, int port, int controllerPort, Path dataDir, long parentPid) {
        Path module = home.resolve("libs/kafka-broker/target");
        Path jar = module.resolve("kafka-broker.jar");
        Path lib = module.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the Kafka broker is not built (" + jar + "); run ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-Xms64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-cp", jar + File.pathSeparator + lib + File.separator + "*",
                "io.cascadelab.kafkabroker.KafkaBrokerMain",
                Integer.toString(port), Integer.toString(controllerPort), dataDir.toString(),
                Long.toString(parentPid)));
        return command;
    }

    /** Creates every Cascade topic up front, so the first producers do not race the broker's auto-creation. */
    static void createTopics(String bootstrap, Duration timeout, Path log) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = Topics.ALL.stream().map(name -> new NewTopic(name, 3, (short) 1)).toList();
            admin.createTopics(topics).all().get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Kafka topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topics within " + timeout.toSeconds() + " s; see "
                    + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static void wipe(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
