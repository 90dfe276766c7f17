package io.cascadelab.gameday.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Chaos Mesh manifests ({@code chaos-mesh.org/v1alpha1}) and translates each experiment into the
 * fault it stands for locally: NetworkChaos {@code delay}, {@code loss}, {@code partition} become egress
 * faults; DNSChaos {@code error}/{@code random} DNS faults; HTTPChaos {@code delay}/{@code abort} ingress
 * faults. Anything else is refused with a message, never silently ignored.
 */
public final class ChaosManifests {

    static final String API_VERSION = "chaos-mesh.org/v1alpha1";

    private ChaosManifests() {
    }

    public static List<Experiment> parse(String yamlText) {
        List<Experiment> experiments = new ArrayList<>();
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            for (Object document : yaml.loadAll(yamlText)) {
                if (document == null) {
                    continue;
                }
                experiments.add(experiment(map(document, "manifest")));
            }
        } catch (YAMLException e) {
            throw new ChaosManifestException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (experiments.isEmpty()) {
            throw new ChaosManifestException("the manifest holds no experiment");
        }
        return experiments;
    }

    private static Experiment experiment(Map<String, Object> manifest) {
        String apiVersion = string(manifest, "apiVersion");
        String kind = string(manifest, "kind");
        if (!API_VERSION.equals(apiVersion)) {
            throw new ChaosManifestException("apiVersion must be " + API_VERSION + ", got " + apiVersion);
        }
        Map<String, Object> metadata = map(manifest.get("metadata"), "metadata");
        String name = string(metadata, "name");
        Map<String, Object> spec = map(manifest.get("spec"), "spec");
        Experiment.Selector selector = selector(spec);
        Duration duration = spec.get("duration") == null ? null : GoDuration.parse(spec.get("duration").toString());
        Map<String, Object> fault = switch (kind) {
            case "NetworkChaos" -> networkFault(spec);
            case "DNSChaos" -> dnsFault(spec);
            case "HTTPChaos" -> httpFault(spec);
            case "PodChaos" -> podKill(spec);
            default -> throw new ChaosManifestException("kind " + kind
                    + " is not supported locally (supported: NetworkChaos, DNSChaos, HTTPChaos, PodChaos)");
        };
        return new Experiment(kind, name, selector, fault, duration);
    }

    private static Map<String, Object> networkFault(Map<String, Object> spec) {
        String action = string(spec, "action");
        String direction = spec.getOrDefault("direction", "to").toString();
        if (!direction.equals("to")) {
            throw new ChaosManifestException("NetworkChaos direction '" + direction
                    + "' is not supported locally: faults act on the selected instances' outgoing traffic (direction: to)");
        }
        Map<String, Object> egress = new LinkedHashMap<>();
        egress.put("destinations", destinations(spec));
        switch (action) {
            case "delay" -> {
                Map<String, Object> delay = map(spec.get("delay"), "spec.delay");
                egress.put("latency", GoDuration.parse(string(delay, "latency")).toString());
                if (delay.get("jitter") != null) {
                    egress.put("jitter", GoDuration.parse(delay.get("jitter").toString()).toString());
                }
                if (delay.get("correlation") != null) {
                    egress.put("correlation", percent(delay.get("correlation"), "delay.correlation") / 100);
                }
            }
            case "loss" -> {
                Map<String, Object> loss = map(spec.get("loss"), "spec.loss");
                egress.put("lossPercent", percent(loss.get("loss"), "loss.loss"));
            }
            case "partition" -> egress.put("lossPercent", 100.0);
            default -> throw new ChaosManifestException("NetworkChaos action '" + action
                    + "' is not supported locally (supported: delay, loss, partition)");
        }
        return Map.of("egress", egress);
    }

    /** {@code externalTargets} name hosts or addresses; without them the fault acts on all egress. */
    private static List<String> destinations(Map<String, Object> spec) {
        if (spec.get("target") != null) {
            throw new ChaosManifestException("NetworkChaos 'target' is not supported locally; "
                    + "name destinations with externalTargets (host names or addresses)");
        }
        Object external = spec.get("externalTargets");
        if (external == null) {
            return List.of();
        }
        if (!(external instanceof List<?> list)) {
            throw new ChaosManifestException("externalTargets must be a list");
        }
        return list.stream().map(Object::toString).toList();
    }

    private static Map<String, Object> dnsFault(Map<String, Object> spec) {
        String action = string(spec, "action");
        if (!action.equals("error") && !action.equals("random")) {
            throw new ChaosManifestException("DNSChaos action must be error or random, got " + action);
        }
        Object patterns = spec.getOrDefault("patterns", List.of());
        if (!(patterns instanceof List<?> list)) {
            throw new ChaosManifestException("DNSChaos patterns must be a list");
        }
        return Map.of("dns", Map.of("patterns", list.stream().map(Object::toString).toList(),
                "action", action.toUpperCase()));
    }

    private static Map<String, Object> httpFault(Map<String, Object> spec) {
        String target = spec.getOrDefault("target", "Request").toString();
        if (!target.equals("Request")) {
            throw new ChaosManifestException("HTTPChaos target must be Request locally, got " + target);
        }
        Map<String, Object> ingress = new LinkedHashMap<>();
        if (spec.get("path") != null) {
            String path = spec.get("path").toString();
            ingress.put("paths", List.of(path.endsWith("*") ? path.substring(0, path.length() - 1) : path));
        }
        if (spec.get("delay") != null) {
            ingress.put("delay", GoDuration.parse(spec.get("delay").toString()).toString());
        }
        if (Boolean.TRUE.equals(spec.get("abort"))) {
            ingress.put("abortPercent", 100.0);
        }
        if (ingress.get("delay") == null && ingress.get("abortPercent") == null) {
            throw new ChaosManifestException("HTTPChaos needs delay or abort: true");
        }
        return Map.of("ingress", ingress);
    }

    /** Only pod-kill (and container-kill, the same for one-container pods): the process dies, a new one starts. */
    private static Map<String, Object> podKill(Map<String, Object> spec) {
        String action = string(spec, "action");
        if (!action.equals("pod-kill") && !action.equals("container-kill")) {
            throw new ChaosManifestException("PodChaos action '" + action
                    + "' is not supported locally (supported: pod-kill, container-kill)");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Experiment.Selector selector(Map<String, Object> spec) {
        Map<String, Object> selector = map(spec.get("selector"), "spec.selector");
        Map<String, String> labels = new LinkedHashMap<>();
        if (selector.get("labelSelectors") != null) {
            map(selector.get("labelSelectors"), "labelSelectors").forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        List<Experiment.Expression> expressions = new ArrayList<>();
        if (selector.get("expressionSelectors") instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> expression = map(item, "expressionSelectors[]");
                List<String> values = expression.get("values") instanceof List<?> v
                        ? v.stream().map(Object::toString).toList() : List.of();
                expressions.add(new Experiment.Expression(string(expression, "key"), string(expression, "operator"),
                        values));
            }
        }
        if (labels.isEmpty() && expressions.isEmpty()) {
            throw new ChaosManifestException("spec.selector needs labelSelectors or expressionSelectors");
        }
        String mode = string(spec, "mode");
        Object value = spec.get("value");
        return new Experiment.Selector(labels, expressions, mode, value == null ? null : value.toString());
    }

    private static double percent(Object value, String field) {
        try {
            double percent = Double.parseDouble(String.valueOf(value));
            if (percent < 0 || percent > 100) {
                throw new NumberFormatException();
            }
            return percent;
        } catch (NumberFormatException e) {
            throw new ChaosManifestException(field + " must be a percentage between 0 and 100, got " + value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new ChaosManifestException(what + " is missing or not a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ChaosManifestException("missing field '" + key + "'");
        }
        return value.toString();
    }
}
