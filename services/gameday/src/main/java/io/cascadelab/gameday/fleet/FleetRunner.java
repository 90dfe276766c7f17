package io.cascadelab.gameday.fleet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the fleet once gameday is serving (so the launcher can watch progress) and stops it when gameday
 * stops. A fleet that cannot start ends gameday with a non-zero exit code; the launcher reports why.
 */
class FleetRunner implements ApplicationListener<ApplicationReadyEvent>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FleetRunner.class);

    private final FleetSupervisor supervisor;
    private final boolean enabled;
    private volatile ApplicationContext context;
    private volatile boolean running;

    FleetRunner(FleetSupervisor supervisor, boolean enabled) {
        this.supervisor = supervisor;
        this.enabled = enabled;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        context = event.getApplicationContext();
        if (!enabled) {
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                supervisor.start();
            } catch (FleetSupervisor.FleetStartException e) {
                log.error("fleet start failed: {}", e.getMessage());
                System.exit(SpringApplication.exit(context, () -> 1));
            }
        }, "fleet-start");
        starter.start();
    }

    void shutdownSoon() {
        Thread stopper = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 0)), "fleet-shutdown");
        stopper.start();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs when the context closes (SIGTERM, Ctrl-C, /fleet/shutdown): the fleet goes with gameday. */
    @Override
    public void stop() {
        running = false;
        supervisor.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
