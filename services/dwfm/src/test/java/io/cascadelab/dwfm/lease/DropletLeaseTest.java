package io.cascadelab.dwfm.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class DropletLeaseTest {

    private final AtomicInteger sequence = new AtomicInteger();
    private final Supplier<String> ids = () -> "dwfm-az1-e-" + sequence.incrementAndGet();

    @Test
    void everyAttemptOfOneEstablishmentCarriesTheSameLeaseId() {
        DropletLease lease = new DropletLease("d-az1-00001");
        String first = lease.establishmentLeaseId(ids);
        // A timeout re-queue, a retry after a late result: the same lease, so whichever lands last agrees.
        assertThat(lease.establishmentLeaseId(ids)).isEqualTo(first);
        lease.backOff(0);
        assertThat(lease.establishmentLeaseId(ids)).isEqualTo(first);

        lease.established(first, 1_000, 500);
        assertThat(lease.leaseId()).isEqualTo(first);
        // Lost later: the next establishment is a new lease.
        lease.lost();
        assertThat(lease.establishmentLeaseId(ids)).isNotEqualTo(first);
    }
}
