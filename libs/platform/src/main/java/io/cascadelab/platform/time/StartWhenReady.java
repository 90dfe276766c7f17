package io.cascadelab.platform.time;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts a service's periodic mechanism once the application is ready (its listeners are hearing Kafka,
 * its endpoints answer), exactly once.
 */
public final class StartWhenReady implements ApplicationListener<ApplicationReadyEvent> {

    private final Supplier<ScheduledFuture<?>> start;
    private ScheduledFuture<?> task;

    private StartWhenReady(Supplier<ScheduledFuture<?>> start) {
        this.start = start;
    }

    /** @param start schedules the work, typically {@code () -> scheduler.every(period, "name", work)} */
    public static StartWhenReady of(Supplier<ScheduledFuture<?>> start) {
        return new StartWhenReady(start);
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        if (task == null) {
            task = start.get();
        }
    }
}
