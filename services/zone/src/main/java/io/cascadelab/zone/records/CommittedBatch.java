package io.cascadelab.zone.records;

import java.util.Map;
import java.util.Optional;

/**
 * What a committed change batch did: for every record set it touched, the set as it is now (empty when
 * deleted). Listeners receive batches of one zone in serial order.
 */
public record CommittedBatch(String zoneId, String zoneName, ChangeInfo change,
                             Map<RecordSet.Key, Optional<RecordSet>> after) {

    public CommittedBatch {
        after = Map.copyOf(after);
    }
}
