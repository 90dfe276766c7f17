package io.cascadelab.dwfm.lease;

/**
 * DWFM's view of its lease on one droplet. Guarded by its own monitor; times are wall-clock millis.
 */
public final class DropletLease {

    public enum State { ACTIVE, EXPIRED, ESTABLISHING }

    private final String dropletId;
    private String leaseId;
    private long expiresAt;
    private long nextCheckIn;
    private boolean checkInQueued;
    private int attemptsInFlight;
    private long retryNotBefore;
    private int failures;
    private int attemptsStarted;
    private String establishing;

    DropletLease(String dropletId) {
        this.dropletId = dropletId;
    }

    public String dropletId() {
        return dropletId;
    }

    public synchronized String leaseId() {
        return leaseId;
    }

    public synchronized long expiresAt() {
        return expiresAt;
    }

    public synchronized boolean active(long now) {
        return leaseId != null && expiresAt > now;
    }

    public synchronized State state(long now) {
        if (active(now)) {
            return State.ACTIVE;
        }
        return attemptsInFlight > 0 ? State.ESTABLISHING : State.EXPIRED;
    }

    synchronized void adopt(String id, long expiry, long firstCheckIn) {
        leaseId = id;
        expiresAt = expiry;
        nextCheckIn = firstCheckIn;
    }

    /** A check-in is due and none is queued: mark one queued. */
    public synchronized boolean takeCheckIn(long now) {
        if (!active(now) || checkInQueued || now < nextCheckIn) {
            return false;
        }
        checkInQueued = true;
        return true;
    }

    public synchronized void checkedIn(long newExpiry, long next) {
        checkInQueued = false;
        expiresAt = newExpiry;
        nextCheckIn = next;
    }

    /** The lease is not ours any more (the droplet or Dynamo holds another): it needs establishing again. */
    public synchronized void lost() {
        checkInQueued = false;
        establishing = null;
        leaseId = null;
        expiresAt = 0;
    }

    public synchronized void checkInFailed(long retryAt) {
        checkInQueued = false;
        nextCheckIn = retryAt;
    }

    /** The lease is gone and nothing is trying to get it back (and no backoff holds it): it needs intake. */
    public synchronized boolean needsEstablishment(long now) {
        return !active(now) && attemptsInFlight == 0 && now >= retryNotBefore;
    }

    /** @return this attempt's number among every attempt ever started on the lease */
    public synchronized int attemptStarted() {
        attemptsInFlight++;
        return ++attemptsStarted;
    }

    /**
     * The lease id this establishment gives the droplet: chosen by the first attempt after the lease was lost
     * and kept by every retry and duplicate until one succeeds. Two attempts of the same establishment that
     * both reach the droplet then leave it (and Dynamo) holding the same lease, whichever lands last.
     */
    public synchronized String establishmentLeaseId(java.util.function.Supplier<String> newLeaseId) {
        if (establishing == null) {
            establishing = newLeaseId.get();
        }
        return establishing;
    }

    public synchronized int newestAttempt() {
        return attemptsStarted;
    }

    public synchronized void attemptEnded() {
        attemptsInFlight = Math.max(0, attemptsInFlight - 1);
    }

    public synchronized int failures() {
        return failures;
    }

    public synchronized void established(String id, long expiry, long firstCheckIn) {
        leaseId = id;
        expiresAt = expiry;
        nextCheckIn = firstCheckIn;
        establishing = null;
        failures = 0;
        retryNotBefore = 0;
    }

    public synchronized void backOff(long until) {
        failures++;
        retryNotBefore = until;
    }
}
