package io.cascadelab.enactor.sim;

import java.time.Duration;

import io.cascadelab.enactor.EnactorMetrics;
import io.cascadelab.enactor.EnactorProperties;
import io.cascadelab.enactor.apply.Backoff;
import io.cascadelab.enactor.apply.Enactor;
import io.cascadelab.enactor.apply.EndpointWriter;
import io.cascadelab.enactor.cleanup.Cleaner;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.runbook.DnsRestorer;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.IncidentClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Builds enactors wired as the application wires them, around any zone and plan store. */
public final class TestEnactors {

    private TestEnactors() {
    }

    /**
     * @param keep         K of clean-up
     * @param planDeadline fixed mode's plan deadline (incident time)
     */
    public record Settings(int maxAttempts, Duration backoffBase, Duration backoffMax, Duration planDeadline, int keep,
                           EnactorProperties.WalkOrder walkOrder) {

        public EnactorProperties.Apply apply() {
            return new EnactorProperties.Apply(maxAttempts, backoffBase, backoffMax, planDeadline);
        }
    }

    public record Built(Enactor enactor, EnactorMetrics metrics, SimpleMeterRegistry registry, EndpointWriter writer) {

        public double counter(String name) {
            return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
        }
    }

    public static Built enactor(String name, Mode mode, PlanSource plans, ZoneApi zone, IncidentClock clock,
                                Settings settings, long seed) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EnactorMetrics metrics = new EnactorMetrics(registry);
        SeededRandoms randoms = new SeededRandoms(seed);
        EndpointWriter writer = new EndpointWriter(zone, Duration.ofSeconds(60));
        Cleaner cleaner = new Cleaner(name, mode, plans, zone, clock, settings.keep(), 100, settings.planDeadline(),
                settings.maxAttempts(), backoff(settings, clock, randoms, name + "/cleanup-backoff"), metrics);
        Enactor enactor = new Enactor(name, mode, plans, writer, cleaner, backoff(settings, clock, randoms, name + "/backoff"),
                clock, settings.apply(), settings.walkOrder(), randoms.forComponent(name + "/walk"), metrics);
        return new Built(enactor, metrics, registry, writer);
    }

    public static Cleaner cleaner(Mode mode, PlanSource plans, ZoneApi zone, IncidentClock clock, Settings settings) {
        return new Cleaner("test", mode, plans, zone, clock, settings.keep(), 100, settings.planDeadline(),
                settings.maxAttempts(), backoff(settings, clock, new SeededRandoms(0), "cleanup"),
                new EnactorMetrics(new SimpleMeterRegistry()));
    }

    public static DnsRestorer restorer(Mode mode, PlanSource plans, ZoneApi zone, IncidentClock clock, Settings settings) {
        return new DnsRestorer(mode, plans, new EndpointWriter(zone, Duration.ofSeconds(60)),
                backoff(settings, clock, new SeededRandoms(0), "restore"), settings.maxAttempts());
    }

    private static Backoff backoff(Settings settings, IncidentClock clock, SeededRandoms randoms, String component) {
        return new Backoff(settings.backoffBase(), settings.backoffMax(), clock.scale(), randoms.forComponent(component),
                Backoff.Pause.THREAD_SLEEP);
    }
}
