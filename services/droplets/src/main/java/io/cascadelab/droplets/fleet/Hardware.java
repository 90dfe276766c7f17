package io.cascadelab.droplets.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.cascadelab.platform.time.TimeScale;

/**
 * How long droplets take to answer, and how many an AZ serves at once. Each AZ has a fixed number of
 * service slots (a fair semaphore); a request past them waits for one. Serving is sleeping for the
 * droplet's service time: this is the environment, never an outcome.
 */
public final class Hardware {

    public enum Work { CHECK_IN, ESTABLISH, NETWORK }

    private final TimeScale scale;
    private final Map<Work, Duration> medians;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    private final int concurrencyPerAz;

    public Hardware(TimeScale scale, Map<Work, Duration> medians, int concurrencyPerAz) {
        this.scale = scale;
        this.medians = Map.copyOf(medians);
        this.concurrencyPerAz = concurrencyPerAz;
    }

    /** Serves one piece of work on the droplet: waits for a slot in its AZ, then takes the droplet's time. */
    public void serve(Droplet droplet, Work work) throws InterruptedException {
        Semaphore azSlots = slots.computeIfAbsent(droplet.az(), az -> new Semaphore(concurrencyPerAz, true));
        azSlots.acquire();
        AtomicInteger azBusy = busy.computeIfAbsent(droplet.az(), az -> new AtomicInteger());
        azBusy.incrementAndGet();
        try {
            long nanos = (long) (scale.toWall(medians.get(work)).toNanos() * droplet.speed());
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } finally {
            azBusy.decrementAndGet();
            azSlots.release();
        }
    }

    public int busy(String az) {
        AtomicInteger azBusy = busy.get(az);
        return azBusy == null ? 0 : azBusy.get();
    }

    public int waiting(String az) {
        Semaphore azSlots = slots.get(az);
        return azSlots == null ? 0 : azSlots.getQueueLength();
    }
}
