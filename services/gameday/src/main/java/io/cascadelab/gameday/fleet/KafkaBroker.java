package io.cascadelab.gameday.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
