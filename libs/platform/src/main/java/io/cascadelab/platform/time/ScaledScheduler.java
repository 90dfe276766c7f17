package io.cascadelab.platform.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules work with incident-time delays and periods, converted through the {@link TimeScale}.
 * A periodic task that throws is logged and keeps its schedule, instead of silently stopping as a bare
 * {@link ScheduledExecutorService} would.
 */
public final class ScaledScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScaledScheduler.class);

    private final TimeScale scale;
    private final ScheduledExecutorService executor;

    public ScaledScheduler(TimeScale scale, String name, int threads) {
        this.scale = scale;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public TimeScale scale() {
        return scale;
    }

    public ScheduledFuture<?> every(Duration incidentPeriod, String task, Runnable work) {
        long periodNanos = Math.max(1, scale.toWall(incidentPeriod).toNanos());
        return executor.scheduleAtFixedRate(guarded(task, work), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code work} repeatedly with {@code incidentDelay} between the end of one run and the next. */
    public ScheduledFuture<?> withDelay(Duration incidentDelay, String task, Runnable work) {
        long delayNanos = Math.max(1, scale.toWall(incidentDelay).toNanos());
        return executor.scheduleWithFixedDelay(guarded(task, work), 0, delayNanos, TimeUnit.NANOSECONDS);
    }

    public ScheduledFuture<?> after(Duration incidentDelay, String task, Runnable work) {
        return executor.schedule(guarded(task, work), scale.toWall(incidentDelay).toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(String task, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("scheduled task {} failed: {}", task, e.toString(), e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
