package io.cascadelab.helm.chaosmesh;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Chaos Mesh's PodSelectorSpec, the parts Cascade's manifests use (unknown fields fail the parse). */
@JsonIgnoreProperties(ignoreUnknown = false)
public class PodSelector {

    public List<String> namespaces = List.of();
    public Map<String, String> labelSelectors = Map.of();
    public List<Expression> expressionSelectors = List.of();

    public static class Expression {
        public String key;
        public String operator;
        public List<String> values = List.of();
    }

    /** Whether a pod with these labels in this namespace is selected. */
    public boolean selects(String namespace, Map<String, String> labels) {
        if (!namespaces.isEmpty() && !namespaces.contains(namespace)) {
            return false;
        }
        if (!labels.entrySet().containsAll(labelSelectors.entrySet())) {
            return false;
        }
        for (Expression expression : expressionSelectors) {
            String value = labels.get(expression.key);
            boolean matches = switch (expression.operator) {
                case "In" -> value != null && expression.values.contains(value);
                case "NotIn" -> value == null || !expression.values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown operator " + expression.operator);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
