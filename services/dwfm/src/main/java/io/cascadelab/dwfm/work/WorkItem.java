package io.cascadelab.dwfm.work;

/**
 * One attempt at lease work. Its result is useful only if it finishes before its deadline (wall millis).
 *
 * @param attempt 1 for the first attempt on this lease loss, then counting retries and timeout re-queues
 * @param leaseId for an establishment, the lease it establishes: the same for every attempt of one
 *                establishment (retries and duplicates alike), so attempts are idempotent; null for a check-in
 */
public record WorkItem(Kind kind, String dropletId, long enqueuedAt, long deadline, int attempt, String leaseId) {

    public enum Kind { CHECK_IN, ESTABLISH }

    public boolean expired(long now) {
        return now >= deadline;
    }
}
