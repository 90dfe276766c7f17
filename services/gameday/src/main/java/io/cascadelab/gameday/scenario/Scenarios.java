package io.cascadelab.gameday.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.cascadelab.gameday.chaos.GoDuration;
import io.cascadelab.gameday.runbook.Runbook;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads scenarios from {@code chaos/scenarios/*.yaml} and checks them before anything runs. */
public final class Scenarios {

    private final Path chaosDir;

    public Scenarios(Path chaosDir) {
        this.chaosDir = chaosDir;
    }

    public Path chaosDir() {
        return chaosDir;
    }

    public List<String> names() {
        Path dir = chaosDir.resolve("scenarios");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException unknown scenario or an invalid file, with a message saying what is wrong */
    public Scenario load(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("invalid scenario name '" + name + "'");
        }
        Path file = chaosDir.resolve("scenarios").resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the chaos manifest a step names. */
    public String manifest(String fileName) {
        try {
            return Files.readString(chaosDir.resolve(fileName));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read chaos manifest " + chaosDir.resolve(fileName) + ": "
                    + e.getMessage(), e);
        }
    }

    Scenario parse(String text, String where) {
        Map<String, Object> root;
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(where + ": not a YAML mapping");
            }
            root = cast(map);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        List<Scenario.ChaosStep> chaos = new ArrayList<>();
        for (Map<String, Object> step : list(root, "chaos", where)) {
            String manifest = string(step, "manifest", where, true);
            if (!Files.isRegularFile(chaosDir.resolve(manifest))) {
                throw new IllegalArgumentException(where + ": chaos manifest " + manifest + " not found in " + chaosDir);
            }
            chaos.add(new Scenario.ChaosStep(manifest, duration(step, "at", where, Duration.ZERO),
                    string(step, "until", where, false), duration(step, "for", where, null)));
        }
        List<Scenario.OperatorStep> operator = new ArrayList<>();
        for (Map<String, Object> step : list(root, "operator", where)) {
            String runbook = string(step, "runbook", where, true);
            if (!Runbook.ALL.containsKey(runbook)) {
                throw new IllegalArgumentException(where + ": unknown runbook " + runbook);
            }
            String argument = step.get("argument") == null ? null : String.valueOf(step.get("argument"));
            Runbook.ALL.get(runbook).bodyFor(argument);
            operator.add(new Scenario.OperatorStep(duration(step, "at", where, null), runbook, argument,
                    string(step, "when", where, false)));
        }
        Map<String, Object> load = root.get("load") instanceof Map<?, ?> m ? cast(m) : Map.of();
        Map<String, Object> end = root.get("end") instanceof Map<?, ?> m ? cast(m) : Map.of();
        List<String> endEvents = end.get("events") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of();
        List<String> phases = root.get("phases") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of();
        return new Scenario(string(root, "name", where, true), string(root, "description", where, false),
                root.get("t0") == null ? "dns.regional.empty" : String.valueOf(root.get("t0")), phases,
                List.copyOf(chaos),
                new Scenario.Load(number(load, "dynamo-per-second", 2), number(load, "nlb-per-second", 4),
                        number(load, "launches-per-minute", 1), duration(load, "instance-lifetime", where,
                        Duration.ofHours(1)), (int) number(load, "burst", 0)),
                List.copyOf(operator), new Scenario.End(endEvents, duration(end, "timeout", where, Duration.ofHours(16))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static List<Map<String, Object>> list(Map<String, Object> root, String key, String where) {
        Object value = root.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(where + ": " + key + " must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(where + ": every " + key + " entry must be a mapping");
            }
            out.add(cast(map));
        }
        return out;
    }

    private static String string(Map<String, Object> map, String key, String where, boolean required) {
        Object value = map.get(key);
        if (value == null && required) {
            throw new IllegalArgumentException(where + ": missing " + key);
        }
        return value == null ? null : String.valueOf(value);
    }

    private static Duration duration(Map<String, Object> map, String key, String where, Duration fallback) {
        Object value = map.get(key);
        if (value == null) {
            if (fallback == null && key.equals("at")) {
                throw new IllegalArgumentException(where + ": missing at");
            }
            return fallback;
        }
        try {
            return GoDuration.parse(String.valueOf(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + key + ": invalid duration '" + value + "'", e);
        }
    }

    private static double number(Map<String, Object> map, String key, double fallback) {
        Object value = map.get(key);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
