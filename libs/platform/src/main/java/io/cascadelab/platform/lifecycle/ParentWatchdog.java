package io.cascadelab.platform.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * Ends this service when the launcher that started it is gone, so a crashed or killed launcher never
 * leaves a fleet running behind it.
 */
public final class ParentWatchdog {

    private static final Logger log = LoggerFactory.getLogger(ParentWatchdog.class);

    private ParentWatchdog() {
    }

    public static void watch(long parentPid, ApplicationContext context) {
        if (parentPid <= 0) {
            return;
        }
        var parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            log.error("launcher process {} is already gone; exiting", parentPid);
            exit(context);
            return;
        }
        parent.get().onExit().thenRun(() -> {
            log.warn("launcher process {} exited; shutting down", parentPid);
            exit(context);
        });
    }

    private static void exit(ApplicationContext context) {
        Thread exiter = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 0)), "parent-gone");
        exiter.start();
    }
}
