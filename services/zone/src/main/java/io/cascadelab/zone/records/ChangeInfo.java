package io.cascadelab.zone.records;

import java.time.Instant;

/** A committed change batch; its status is derived from whether DNS already serves {@code serial}. */
public record ChangeInfo(String id, String zoneId, long serial, Instant submittedAt, String comment) {
}
