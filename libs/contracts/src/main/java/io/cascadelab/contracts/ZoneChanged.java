package io.cascadelab.contracts;

import java.time.Instant;

/**
 * The zone applied a Route 53 change batch.
 *
 * @param v             schema version, {@link #VERSION}
 * @param hostedZoneId  the hosted zone the batch changed
 * @param changeId      Route 53 change id (as returned by ChangeResourceRecordSets)
 * @param serial        the zone's SOA serial after the change
 * @param names         the record names the batch touched
 * @param appliedAt     wall-clock instant of the commit
 */
public record ZoneChanged(int v, String hostedZoneId, String changeId, long serial, java.util.List<String> names,
                          Instant appliedAt) {

    public static final int VERSION = 1;
}
