package io.cascadelab.kafkabroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Starts a single-node KRaft broker (broker and controller in one process) on loopback.
 * Usage: {@code KafkaBrokerMain PORT CONTROLLER_PORT DATA_DIR [PARENT_PID]}. Formats the storage on first
 * use; with PARENT_PID the broker exits when that process is gone, so a crashed launcher leaves nothing.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaBrokerMain PORT CONTROLLER_PORT DATA_DIR [PARENT_PID]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path dataDir = Path.of(args[2]).toAbsolutePath();
        long parentPid = args.length > 3 ? Long.parseLong(args[3]) : 0;

        Path config = writeConfig(port, controllerPort, dataDir);
        Path logDir = dataDir.resolve("log");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = uuidBase64();
            // execute(), not main(): main() exits the JVM when formatting is done.
            int formatted = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"}, System.out);
            if (formatted != 0) {
                System.err.println("formatting Kafka storage failed with " + formatted);
                System.exit(formatted);
            }
        }
        if (parentPid > 0) {
            watchParent(parentPid);
        }
        Kafka.main(new String[] {config.toString()});
    }

    private static Path writeConfig(int port, int controllerPort, Path dataDir) throws IOException {
        Properties props = new Properties();
        try (InputStream defaults = KafkaBrokerMain.class.getResourceAsStream("/broker-defaults.properties")) {
            props.load(defaults);
        }
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("log.dirs", dataDir.resolve("log").toString());
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by KafkaBrokerMain");
        }
        return config;
    }

    /**
     * Kafka's cluster ids are 16 random bytes, URL-safe base64 without padding. Kafka's own generator, because
     * it never starts an id with '-': the storage tool's argument parser would take that for an option (one
     * start in 64 failed that way).
     */
    private static String uuidBase64() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static void watchParent(long parentPid) {
        Thread watcher = new Thread(() -> {
            var parent = ProcessHandle.of(parentPid);
            if (parent.isEmpty()) {
                Runtime.getRuntime().halt(3);
            }
            parent.get().onExit().join();
            System.err.println("launcher " + parentPid + " is gone; stopping the broker");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

}
