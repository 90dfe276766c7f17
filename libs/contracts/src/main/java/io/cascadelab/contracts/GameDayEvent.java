package io.cascadelab.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One entry on a game day's timeline.
 *
 * @param v        schema version, {@link #VERSION}
 * @param runId    the run it belongs to
 * @param kind     {@code mechanism}, {@code operator} or {@code chaos}
 * @param name     what happened, e.g. {@code dns.regional.empty}, {@code runbook.restore-dns}
 * @param at       wall-clock instant
 * @param details  free-form attributes (instance, values)
 */
public record GameDayEvent(int v, String runId, String kind, String name, Instant at, Map<String, String> details) {

    public static final int VERSION = 1;
}
