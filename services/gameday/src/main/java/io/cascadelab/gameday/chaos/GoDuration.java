package io.cascadelab.gameday.chaos;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as Chaos Mesh writes them (Go's syntax): {@code 500ms}, {@code 1m30s}, {@code 2h}. */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ChaosManifestException("empty duration");
        }
        Matcher matcher = PART.matcher(text.trim());
        double nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                break;
            }
            double value = Double.parseDouble(matcher.group(1));
            nanos += value * switch (matcher.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = matcher.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new ChaosManifestException("not a duration: '" + text + "' (expected e.g. 500ms, 30s, 10m)");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
