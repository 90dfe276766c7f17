package io.cascadelab.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The metric names the dashboards and alert rules depend on, in Prometheus form, to be checked against what the
 * running services export on /actuator/prometheus. Queries are PromQL; rather than parse PromQL, every
 * identifier that is followed by a selector, a range or a closing bracket and is not a function, keyword or
 * label is taken; Micrometer's suffixes (_bucket, _sum, _count, _max) are folded onto the meter's name, since a
 * timer exports all of them.
 */
public final class MetricNames {

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:\"\\.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![A-Za-z0-9_:])");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "avg", "min", "max", "count", "rate", "irate",
            "increase", "delta", "deriv", "changes", "histogram_quantile", "by", "without", "and", "or", "unless",
            "on", "ignoring", "group_left", "group_right", "offset", "bool", "abs", "clamp_min", "clamp_max",
            "topk", "bottomk", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "time",
            "vector", "scalar", "absent", "label_replace", "quantile", "stddev", "count_values", "round", "ceil",
            "floor", "resets", "sort", "sort_desc", "predict_linear", "inf", "nan");
    private static final Pattern LABEL_BLOCK = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");

    private MetricNames() {
    }

    /** Metric names used in one PromQL expression. */
    public static Set<String> inExpression(String promql) {
        String stripped = STRING.matcher(promql).replaceAll("\"\"");
        stripped = LABEL_BLOCK.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        stripped = RANGE.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String word = matcher.group(1);
            int after = matcher.end();
            boolean isCall = after < stripped.length() && stripped.substring(after).stripLeading().startsWith("(");
            if (PROMQL_WORDS.contains(word.toLowerCase()) || isCall) {
                continue;
            }
            names.add(meterName(word));
        }
        return names;
    }

    /** Folds a timer's or histogram's series names onto the meter (…_seconds_count → …_seconds). */
    static String meterName(String series) {
        return series.replaceFirst("_(bucket|sum|count|max)$", "");
    }

    /** Every expression in the dashboards (targets and annotations). */
    public static Set<String> inDashboards(Path directory) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                names.addAll(inDashboard(file));
            }
        }
        return names;
    }

    /** Every expression in one dashboard file. */
    public static Set<String> inDashboard(Path file) {
        Set<String> names = new TreeSet<>();
        try {
            collectExpressions(new ObjectMapper().readTree(file.toFile()), names);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }

    /** Every alert and recording rule expression in the rule files. */
    public static Set<String> inRules(Path directory) throws IOException {
        Set<String> names = new TreeSet<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        names.addAll(inExpression(rule.path("expr").asText()));
                    }
                }
            }
        }
        return names;
    }

    /** Only Cascade's own meters (cascade_*); JVM, HTTP and CoreDNS metrics come from their libraries. */
    public static Set<String> cascadeOnly(Set<String> names) {
        Set<String> own = new TreeSet<>();
        names.stream().filter(n -> n.startsWith("cascade_")).forEach(own::add);
        return own;
    }

    /**
     * Which required names a scrape of /actuator/prometheus does not contain (the fleet integration test feeds
     * it every instance's scrape). A name is present when a sample line starts with it.
     */
    public static Set<String> missingFrom(Set<String> required, List<String> scrapes) {
        Set<String> exported = new TreeSet<>();
        for (String scrape : scrapes) {
            scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).map(MetricNames::meterName).forEach(exported::add);
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(exported);
        return missing;
    }

    private static void collectExpressions(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual()) {
                names.addAll(inExpression(expr.asText()));
            }
            node.fields().forEachRemaining(e -> collectExpressions(e.getValue(), names));
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, names));
        }
    }
}
