package io.cascadelab.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The properties a service declares, read from its sources the way Spring Boot binds them: every
 * {@code @ConfigurationProperties} record's prefix and kebab-cased components, nested records followed (in the same
 * file first, then anywhere in the service or the platform library), {@code Map} components as open namespaces;
 * platform's {@code CascadeProperties}, which every service binds; and the keys of the service's
 * {@code application.yml}. Defaults are kept, so a test can tell which properties point at the developer fleet.
 */
final class DeclaredProperties {

    static final Path SERVICES = Paths.REPO.resolve("services");
    static final Path PLATFORM = Paths.REPO.resolve("libs/platform/src/main/java");

    private static final Pattern PREFIX =
            Pattern.compile("@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");

    /** A declared property: its name (a namespace when {@code open}) and its default as written, or null. */
    record Property(String name, boolean open, String defaultValue) {
    }

    private record Component(String name, String type, String defaultValue) {
    }

    private record RecordDecl(Path file, String name, List<Component> components) {
    }

    final String service;
    private final Map<String, Property> properties = new TreeMap<>();
    private final Set<String> yamlKeys = new TreeSet<>();

    private DeclaredProperties(String service) {
        this.service = service;
    }

    static DeclaredProperties of(String service) {
        DeclaredProperties declared = new DeclaredProperties(service);
        Path main = SERVICES.resolve(service).resolve("src/main");
        List<RecordDecl> records = new ArrayList<>();
        Map<RecordDecl, String> roots = new LinkedHashMap<>();
        for (Path root : List.of(main.resolve("java"), PLATFORM)) {
            for (Path file : javaFiles(root)) {
                String source = withoutComments(read(file));
                List<RecordDecl> inFile = records(file, source);
                records.addAll(inFile);
                Matcher prefix = PREFIX.matcher(source);
                while (prefix.find()) {
                    Matcher record = RECORD.matcher(source);
                    if (record.find(prefix.end())) {
                        String name = record.group(1);
                        inFile.stream().filter(r -> r.name().equals(name)).findFirst()
                                .ifPresent(r -> roots.put(r, prefix.group(1)));
                    }
                }
            }
        }
        roots.forEach((record, prefix) -> declared.walk(prefix, record, records, 0));
        Path yml = main.resolve("resources/application.yml");
        if (Files.exists(yml)) {
            try {
                for (JsonNode document : new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                        .<JsonNode>readValues(yml.toFile()).readAll()) {
                    declared.flatten("", document);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return declared;
    }

    /** Whether Spring Boot would bind {@code name} (as a command-line argument) to something this service reads. */
    boolean declares(String name) {
        if (properties.containsKey(name) || yamlKeys.contains(name)) {
            return true;
        }
        for (Property property : properties.values()) {
            if (property.open() && name.startsWith(property.name() + ".")) {
                return true;
            }
        }
        if (name.startsWith("spring.")) {
            // Spring's own properties: the service configures that part of Spring in its application.yml
            // (spring.kafka.*, spring.datasource.*), so Spring reads the rest of it too
            String[] parts = name.split("\\.");
            String group = parts[0] + "." + parts[1] + ".";
            return yamlKeys.stream().anyMatch(key -> key.startsWith(group));
        }
        return name.equals("server.port") || name.equals("server.address");
    }

    /** Whether {@code variable} (an environment variable) binds to a declared property, by Spring's relaxed rules. */
    boolean declaresEnvironment(String variable) {
        for (String name : names()) {
            String canonical = envForm(name);
            if (canonical.equals(variable) || (isOpen(name) && variable.startsWith(canonical + "_"))) {
                return true;
            }
        }
        return false;
    }

    /** Declared properties whose default matches {@code pattern}, by name, with that default. */
    Map<String, String> defaultsMatching(Pattern pattern) {
        Map<String, String> matching = new TreeMap<>();
        properties.values().stream().filter(p -> p.defaultValue() != null && pattern.matcher(p.defaultValue()).find())
                .forEach(p -> matching.put(p.name(), p.defaultValue()));
        return matching;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>(properties.keySet());
        names.addAll(yamlKeys);
        return names;
    }

    private boolean isOpen(String name) {
        Property property = properties.get(name);
        return property != null && property.open();
    }

    private static String envForm(String name) {
        return name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private void walk(String prefix, RecordDecl record, List<RecordDecl> records, int depth) {
        if (depth > 8) {
            throw new IllegalStateException("records nested deeper than 8 under " + prefix);
        }
        for (Component component : record.components()) {
            String name = prefix + "." + kebab(component.name());
            String type = component.type().replaceAll("<.*", "").trim();
            if (type.equals("Map") || type.endsWith(".Map")) {
                properties.put(name, new Property(name, true, component.defaultValue()));
                continue;
            }
            RecordDecl nested = resolve(type, record, records);
            if (nested != null) {
                walk(name, nested, records, depth + 1);
            } else {
                properties.put(name, new Property(name, false, component.defaultValue()));
            }
        }
    }

    /** A record type as written in a component ({@code Ports}, {@code FleetProperties.Ports}): same file first. */
    private static RecordDecl resolve(String type, RecordDecl from, List<RecordDecl> records) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String outer = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : null;
        outer = outer == null ? null : outer.substring(outer.lastIndexOf('.') + 1);
        List<RecordDecl> candidates = records.stream().filter(r -> r.name().equals(simple)).toList();
        if (outer != null) {
            String enclosing = outer;
            Path file = records.stream().filter(r -> r.name().equals(enclosing)).map(RecordDecl::file).findFirst()
                    .orElse(null);
            return candidates.stream().filter(r -> r.file().equals(file)).findFirst().orElse(null);
        }
        return candidates.stream().filter(r -> r.file().equals(from.file())).findFirst()
                .orElseGet(() -> candidates.size() == 1 ? candidates.get(0) : null);
    }

    private void flatten(String key, JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(key.isEmpty() ? field.getKey() : key + "." + field.getKey(), field.getValue());
            }
        } else {
            yamlKeys.add(key);
            if (node.isTextual() && !properties.containsKey(key)) {
                properties.put(key, new Property(key, false, node.asText()));
            }
        }
    }

    /** Every record declared in {@code source}, with its components (annotations read for {@code @DefaultValue}). */
    static List<RecordDecl> records(Path file, String source) {
        List<RecordDecl> records = new ArrayList<>();
        Matcher record = RECORD.matcher(source);
        while (record.find()) {
            int open = record.end() - 1;
            int close;
            try {
                close = matching(source, open);
            } catch (IllegalStateException e) {
                continue; // "record x(" in a string, not a declaration
            }
            List<Component> components = new ArrayList<>();
            for (String text : splitTopLevel(source.substring(open + 1, close))) {
                Component component = component(text);
                if (component != null) {
                    components.add(component);
                }
            }
            records.add(new RecordDecl(file, record.group(1), components));
        }
        return records;
    }

    private static Component component(String text) {
        String defaultValue = null;
        StringBuilder rest = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '@') {
                int j = i + 1;
                while (j < text.length() && (Character.isJavaIdentifierPart(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                String annotation = text.substring(i + 1, j);
                int k = j;
                while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                if (k < text.length() && text.charAt(k) == '(') {
                    int end = matching(text, k);
                    if (annotation.endsWith("DefaultValue")) {
                        defaultValue = text.substring(k + 1, end).trim();
                    }
                    j = end + 1;
                } else if (annotation.endsWith("DefaultValue")) {
                    defaultValue = "";
                }
                i = j;
            } else {
                rest.append(c);
                i++;
            }
        }
        String declaration = rest.toString().trim();
        if (declaration.isEmpty()) {
            return null;
        }
        int space = declaration.lastIndexOf(' ');
        if (space < 0) {
            return null;
        }
        return new Component(declaration.substring(space + 1).trim(),
                declaration.substring(0, space).replaceAll("\\s+", " ").trim(), defaultValue);
    }

    /** The source without comments (string and character literals kept as they are: URLs contain //). */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index of the bracket closing the one at {@code open}, skipping string literals. */
    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '(' || c == '{') {
                depth++;
            } else if (c == ')' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("unbalanced brackets from " + open);
    }

    private static int endOfString(String text, int quote) {
        for (int i = quote + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalStateException("unterminated string");
    }

    /** Splits a component list at commas outside brackets, generics and strings. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '(' || c == '{' || c == '<' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == '>' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
