package io.cascadelab.gameday.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Chaos Mesh experiment as the local runner understands it.
 *
 * @param kind      {@code NetworkChaos}, {@code DNSChaos}, {@code HTTPChaos} or {@code PodChaos}
 * @param name      {@code metadata.name}; also the fault id on each selected instance
 * @param selector  which instances it acts on
 * @param fault     the fault body for each instance's {@code /internal/faults/{name}}; null for a kill
 * @param duration  how long it lasts (null: until cleared; a kill has none)
 */
record Experiment(String kind, String name, Selector selector, Map<String, Object> fault, Duration duration) {

    /** PodChaos pod-kill: the selected processes are killed (SIGKILL) and replaced, as pods would be. */
    boolean kill() {
        return fault == null;
    }

    /**
     * @param labels       {@code labelSelectors}: every label must match
     * @param expressions  {@code expressionSelectors}: key, operator (In, NotIn, Exists, DoesNotExist), values
     * @param mode         {@code one}, {@code all}, {@code fixed}, {@code fixed-percent}
     * @param value        the number or percent for {@code fixed} and {@code fixed-percent}
     */
    record Selector(Map<String, String> labels, List<Expression> expressions, String mode, String value) {

        boolean matches(Map<String, String> instanceLabels) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!label.getValue().equals(instanceLabels.get(label.getKey()))) {
                    return false;
                }
            }
            return expressions.stream().allMatch(expression -> expression.matches(instanceLabels));
        }
    }

    record Expression(String key, String operator, List<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new ChaosManifestException("unsupported selector operator " + operator);
            };
        }
    }
}
