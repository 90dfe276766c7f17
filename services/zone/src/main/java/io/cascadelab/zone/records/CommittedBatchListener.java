package io.cascadelab.zone.records;

/**
 * Told about every committed change batch, in serial order per zone, while the zone's batch lock is held.
 * Implementations must return quickly and must not throw: the batch is already committed.
 */
public interface CommittedBatchListener {

    void committed(CommittedBatch batch);
}
