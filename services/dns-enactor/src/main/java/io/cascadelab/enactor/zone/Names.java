package io.cascadelab.enactor.zone;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record model, in one place. An endpoint's addresses live in per-plan record sets
 * ({@code g123.dynamodb.us-east-1.cascade.test.} holding the A or AAAA records of plan 123); the endpoint name
 * is a CNAME to the record set of the plan it currently uses. In fixed mode a TXT marker
 * {@code _gen.<endpoint>} holds the endpoint's generation and changes in the same batch as the CNAME.
 */
public final class Names {

    private static final Pattern PLAN_SET = Pattern.compile("^g(\\d{1,18})\\.(.+)$");
    private static final String MARKER_PREFIX = "_gen.";

    private Names() {
    }

    public static String absolute(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    /** The record set holding {@code endpoint}'s addresses for plan {@code generation}. */
    public static String planSet(long generation, String endpoint) {
        return "g" + generation + "." + absolute(endpoint);
    }

    public static String marker(String endpoint) {
        return MARKER_PREFIX + absolute(endpoint);
    }

    /** The generation of a per-plan record set name, if it is one. */
    public static OptionalLong planSetGeneration(String name) {
        Matcher matcher = PLAN_SET.matcher(absolute(name));
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** The endpoint a per-plan record set belongs to. */
    public static String planSetEndpoint(String name) {
        Matcher matcher = PLAN_SET.matcher(absolute(name));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(name + " is not a per-plan record set");
        }
        return matcher.group(2);
    }

    public static boolean isMarker(String name) {
        return absolute(name).startsWith(MARKER_PREFIX);
    }

    public static String markerValue(long generation) {
        return "\"" + generation + "\"";
    }

    public static OptionalLong markerGeneration(RecordSet marker) {
        if (marker.values().size() != 1) {
            return OptionalLong.empty();
        }
        String value = marker.values().get(0).replace("\"", "").trim();
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
