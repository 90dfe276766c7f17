package io.cascadelab.enactor.zone;

import java.util.List;
import java.util.Optional;

/**
 * What an enactor needs from Route 53. The real implementation is {@link Route53ZoneApi} (the AWS SDK's
 * {@code Route53Client}); tests may use a deterministic in-memory double with the same batch rules.
 */
public interface ZoneApi {

    /** The record set with exactly this name and type, if any. */
    Optional<RecordSet> get(String name, String type);

    /** Every record set in the zone, in Route 53's order. */
    List<RecordSet> listAll();

    /**
     * Applies {@code changes} atomically (all or nothing).
     *
     * @throws Busy     the zone could not take the batch now (PriorRequestNotComplete, Throttling, a transport
     *                  failure); nothing was applied; retry later
     * @throws Rejected the batch does not fit the zone as it is (InvalidChangeBatch: a CREATE of an existing
     *                  set, a DELETE that does not match exactly); nothing was applied
     */
    void change(List<Change> changes);

    /** The zone is busy; retrying later may succeed. */
    final class Busy extends RuntimeException {
        public Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The zone refused the batch as it stands; typically another writer changed the same sets first. */
    final class Rejected extends RuntimeException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
