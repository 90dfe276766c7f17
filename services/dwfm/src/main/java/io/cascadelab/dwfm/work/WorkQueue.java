package io.cascadelab.dwfm.work;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * DWFM's lease work. Incident mode: one FIFO for check-ins and establishments alike, as it was. Fixed mode:
 * renewals of live leases go before new establishments, so a recovery never costs the leases still held.
 */
public final class WorkQueue {

    private final boolean renewalsFirst;
    private final Deque<WorkItem> checkIns = new ArrayDeque<>();
    private final Deque<WorkItem> establishments = new ArrayDeque<>();
    private final Deque<WorkItem> fifo = new ArrayDeque<>();

    public WorkQueue(boolean renewalsFirst) {
        this.renewalsFirst = renewalsFirst;
    }

    public synchronized void add(WorkItem item) {
        if (!renewalsFirst) {
            fifo.addLast(item);
        } else if (item.kind() == WorkItem.Kind.CHECK_IN) {
            checkIns.addLast(item);
        } else {
            establishments.addLast(item);
        }
        notifyAll();
    }

    /** Blocks until there is work. */
    public synchronized WorkItem take() throws InterruptedException {
        while (size() == 0) {
            wait();
        }
        if (!renewalsFirst) {
            return fifo.pollFirst();
        }
        return checkIns.isEmpty() ? establishments.pollFirst() : checkIns.pollFirst();
    }

    public synchronized int size() {
        return fifo.size() + checkIns.size() + establishments.size();
    }

    public synchronized int establishments() {
        return renewalsFirst ? establishments.size()
                : (int) fifo.stream().filter(item -> item.kind() == WorkItem.Kind.ESTABLISH).count();
    }

    public synchronized void clear() {
        fifo.clear();
        checkIns.clear();
        establishments.clear();
    }
}
