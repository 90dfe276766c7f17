package io.cascadelab.enactor.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.cascadelab.enactor.EnactorMetrics;
import io.cascadelab.enactor.EnactorProperties;
import io.cascadelab.enactor.cleanup.Cleaner;
import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.time.IncidentClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DNS Enactor: takes the newest plan, checks once that it is newer than the plan it last applied,
 * walks the endpoints applying the plan to each in its own Route 53 transaction (retrying an endpoint
 * while it is blocked), and then runs plan clean-up.
 *
 * <p>{@link Mode#INCIDENT} is AWS's behaviour on 19 October 2025: the start-of-walk check is never made
 * again, each endpoint is overwritten unconditionally, and an endpoint whose active plan is missing from
 * the store is refused (the inconsistent state no enactor repairs). {@link Mode#FIXED} writes each
 * endpoint with a compare-and-set on its generation, abandons a plan past its deadline, and guards
 * clean-up (see {@link Cleaner}).
 *
 * <p>Not thread-safe: one thread runs {@link #runOnce()}.
 */
public final class Enactor {

    private static final Logger log = LoggerFactory.getLogger(Enactor.class);

    /** How a look at the plan store ended. */
    public enum Outcome { NOTHING_NEW, APPLIED, INCOMPLETE, ABANDONED }

    private final String name;
    private final Mode mode;
    private final PlanSource plans;
    private final EndpointWriter writer;
    private final Cleaner cleaner;
    private final Backoff backoff;
    private final IncidentClock clock;
    private final EnactorProperties.Apply settings;
    private final EnactorProperties.WalkOrder walkOrder;
    private final SplittableRandom walkRandom;
    private final EnactorMetrics metrics;
    private long lastApplied;

    public Enactor(String name, Mode mode, PlanSource plans, EndpointWriter writer, Cleaner cleaner, Backoff backoff,
                   IncidentClock clock, EnactorProperties.Apply settings, EnactorProperties.WalkOrder walkOrder,
                   SplittableRandom walkRandom, EnactorMetrics metrics) {
        this.name = name;
        this.mode = mode;
        this.plans = plans;
        this.writer = writer;
        this.cleaner = cleaner;
        this.backoff = backoff;
        this.clock = clock;
        this.settings = settings;
        this.walkOrder = walkOrder;
        this.walkRandom = walkRandom;
        this.metrics = metrics;
    }

    public long lastApplied() {
        return lastApplied;
    }

    public Outcome runOnce() {
        Optional<Plan> newest = plans.newest();
        // the one check, made before the walk and never again during it
        if (newest.isEmpty() || newest.get().generation() <= lastApplied) {
            return Outcome.NOTHING_NEW;
        }
        Plan plan = newest.get();
        long started = System.nanoTime();
        Outcome outcome = walk(plan);
        metrics.pass(outcome.name().toLowerCase(), Duration.ofNanos(System.nanoTime() - started));
        log.atInfo().addKeyValue("enactor", name).addKeyValue("generation", plan.generation())
                .addKeyValue("outcome", outcome).addKeyValue("wallMillis", (System.nanoTime() - started) / 1_000_000)
                .log("pass over plan ended");
        if (outcome == Outcome.APPLIED) {
            lastApplied = plan.generation();
            metrics.applied(lastApplied);
            cleaner.cleanUp(plan.generation());
        }
        return outcome;
    }

    private Outcome walk(Plan plan) {
        boolean complete = true;
        for (Plan.Endpoint endpoint : order(plan.endpoints())) {
            EndpointOutcome result = applyWithRetries(plan, endpoint);
            if (result == EndpointOutcome.ABANDONED) {
                return Outcome.ABANDONED;
            }
            complete &= result != EndpointOutcome.FAILED;
        }
        return complete ? Outcome.APPLIED : Outcome.INCOMPLETE;
    }

    private enum EndpointOutcome { APPLIED, NEWER, INCONSISTENT, FAILED, ABANDONED }

    private EndpointOutcome applyWithRetries(Plan plan, Plan.Endpoint endpoint) {
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (mode == Mode.FIXED && pastDeadline(plan)) {
                log.atWarn().addKeyValue("enactor", name).addKeyValue("generation", plan.generation())
                        .addKeyValue("endpoint", endpoint.name()).log("plan past its deadline; abandoned");
                return EndpointOutcome.ABANDONED;
            }
            try {
                if (mode == Mode.INCIDENT) {
                    OptionalLong active = writer.activeGeneration(endpoint.name());
                    // the store as it is now, not as it was when the walk began: a slow enactor must see the
                    // inconsistency too, or its stale write would paper over a deleted plan
                    if (active.isPresent() && !listStored().contains(active.getAsLong())) {
                        metrics.skippedInconsistent();
                        log.atWarn().addKeyValue("enactor", name).addKeyValue("generation", plan.generation())
                                .addKeyValue("endpoint", endpoint.name()).addKeyValue("activeGeneration", active.getAsLong())
                                .log("active plan missing from the store; endpoint left as it is");
                        return EndpointOutcome.INCONSISTENT;
                    }
                    writer.overwrite(plan.generation(), endpoint);
                    metrics.endpoint("applied");
                    return EndpointOutcome.APPLIED;
                }
                if (writer.compareAndSet(plan.generation(), endpoint) == EndpointWriter.Result.ALREADY_NEWER) {
                    metrics.endpoint("newer");
                    return EndpointOutcome.NEWER;
                }
                metrics.endpoint("applied");
                return EndpointOutcome.APPLIED;
            } catch (ZoneApi.Busy | PlanSource.Unavailable e) {
                metrics.retry("busy");
                retryLog(plan, endpoint, attempt, e);
            } catch (ZoneApi.Rejected e) {
                metrics.retry("rejected");
                retryLog(plan, endpoint, attempt, e);
            }
            if (attempt < settings.maxAttempts()) {
                backoff.before(attempt);
            }
        }
        metrics.endpoint("failed");
        log.atWarn().addKeyValue("enactor", name).addKeyValue("generation", plan.generation())
                .addKeyValue("endpoint", endpoint.name()).log("endpoint not applied after every attempt");
        return EndpointOutcome.FAILED;
    }

    private Set<Long> listStored() {
        return plans.list().stream().map(Plan.Summary::generation).collect(Collectors.toCollection(HashSet::new));
    }

    private void retryLog(Plan plan, Plan.Endpoint endpoint, int attempt, RuntimeException e) {
        log.atDebug().addKeyValue("enactor", name).addKeyValue("generation", plan.generation())
                .addKeyValue("endpoint", endpoint.name()).addKeyValue("attempt", attempt)
                .log("transaction blocked: {}", e.getMessage());
    }

    private boolean pastDeadline(Plan plan) {
        return clock.now().isAfter(plan.createdAt().plus(settings.planDeadline()));
    }

    private List<Plan.Endpoint> order(List<Plan.Endpoint> endpoints) {
        if (walkOrder == EnactorProperties.WalkOrder.PLAN) {
            return endpoints;
        }
        List<Plan.Endpoint> shuffled = new ArrayList<>(endpoints);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, walkRandom.nextInt(i + 1));
        }
        return shuffled;
    }
}
