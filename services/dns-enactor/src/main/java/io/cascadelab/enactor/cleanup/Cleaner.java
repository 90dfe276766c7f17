package io.cascadelab.enactor.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import io.cascadelab.enactor.EnactorMetrics;
import io.cascadelab.enactor.apply.Backoff;
import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.zone.Change;
import io.cascadelab.enactor.zone.Names;
import io.cascadelab.enactor.zone.RecordSet;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.time.IncidentClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plan clean-up, run by an enactor right after it has applied a plan: deletes plans much older than that
 * plan from the store, and their per-plan record sets from the zone. Deleting a record set an endpoint still
 * points at removes that endpoint's addresses.
 *
 * <p>{@link Mode#INCIDENT}: by age only, {@code generation < applied − K}. {@link Mode#FIXED}: additionally
 * below the lowest generation any endpoint uses (its marker or its CNAME), and never a plan younger than
 * the plan deadline, since an enactor may still hold such a plan.
 */
public final class Cleaner {

    private static final Logger log = LoggerFactory.getLogger(Cleaner.class);

    private final String name;
    private final Mode mode;
    private final PlanSource plans;
    private final ZoneApi zone;
    private final IncidentClock clock;
    private final int keepGenerations;
    private final int batchSize;
    private final Duration planDeadline;
    private final int maxAttempts;
    private final Backoff backoff;
    private final EnactorMetrics metrics;

    public Cleaner(String name, Mode mode, PlanSource plans, ZoneApi zone, IncidentClock clock, int keepGenerations,
                   int batchSize, Duration planDeadline, int maxAttempts, Backoff backoff, EnactorMetrics metrics) {
        this.name = name;
        this.mode = mode;
        this.plans = plans;
        this.zone = zone;
        this.clock = clock;
        this.keepGenerations = keepGenerations;
        this.batchSize = batchSize;
        this.planDeadline = planDeadline;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** @return plans deleted from the store */
    public int cleanUp(long applied) {
        try {
            return clean(applied);
        } catch (ZoneApi.Busy | PlanSource.Unavailable e) {
            // clean-up is housekeeping: the next pass tries again
            log.atWarn().addKeyValue("enactor", name).addKeyValue("generation", applied)
                    .log("clean-up cut short: {}", e.getMessage());
            return 0;
        }
    }

    private int clean(long applied) {
        long bound = applied - keepGenerations;
        List<Plan.Summary> stored = plans.list();
        List<RecordSet> sets = zone.listAll();
        Set<Long> young = Set.of();
        if (mode == Mode.FIXED) {
            bound = Math.min(bound, lowestInUse(sets));
            Instant oldestHeld = clock.now().minus(planDeadline);
            young = stored.stream().filter(plan -> plan.createdAt().isAfter(oldestHeld))
                    .map(Plan.Summary::generation).collect(Collectors.toSet());
        }
        long below = bound;
        Set<Long> keep = young;
        List<Long> victims = stored.stream().map(Plan.Summary::generation)
                .filter(generation -> generation < below && !keep.contains(generation)).toList();
        List<RecordSet> doomedSets = sets.stream().filter(set -> {
            OptionalLong generation = Names.planSetGeneration(set.name());
            return generation.isPresent() && generation.getAsLong() < below && !keep.contains(generation.getAsLong());
        }).toList();
        int deletedPlans = 0;
        for (long generation : victims) {
            if (plans.delete(generation)) {
                deletedPlans++;
            }
        }
        metrics.deleted("plan", deletedPlans);
        int deletedSets = deleteSets(doomedSets);
        metrics.deleted("record-set", deletedSets);
        if (deletedPlans > 0 || deletedSets > 0) {
            log.atInfo().addKeyValue("enactor", name).addKeyValue("generation", applied).addKeyValue("below", below)
                    .addKeyValue("plans", deletedPlans).addKeyValue("recordSets", deletedSets).log("clean-up");
        }
        return deletedPlans;
    }

    /** Lowest generation any endpoint uses, by its marker or by its CNAME; unbounded when none is known. */
    static long lowestInUse(List<RecordSet> sets) {
        long lowest = Long.MAX_VALUE;
        for (RecordSet set : sets) {
            OptionalLong generation = OptionalLong.empty();
            if (set.type().equals("TXT") && Names.isMarker(set.name())) {
                generation = Names.markerGeneration(set);
            } else if (set.type().equals("CNAME") && set.values().size() == 1) {
                generation = Names.planSetGeneration(set.values().get(0));
            }
            if (generation.isPresent()) {
                lowest = Math.min(lowest, generation.getAsLong());
            }
        }
        return lowest;
    }

    private int deleteSets(List<RecordSet> doomed) {
        int deleted = 0;
        for (int from = 0; from < doomed.size(); from += batchSize) {
            List<RecordSet> batch = doomed.subList(from, Math.min(doomed.size(), from + batchSize));
            if (deleteWithRetries(batch)) {
                deleted += batch.size();
                continue;
            }
            // someone else deleted or changed some of them first: go one by one, skipping what is gone
            for (RecordSet set : batch) {
                if (deleteWithRetries(List.of(set))) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** @return false when the zone rejected the batch as it stands */
    private boolean deleteWithRetries(List<RecordSet> sets) {
        List<Change> changes = new ArrayList<>();
        sets.forEach(set -> changes.add(Change.delete(set)));
        for (int attempt = 1; ; attempt++) {
            try {
                zone.change(changes);
                return true;
            } catch (ZoneApi.Rejected e) {
                return false;
            } catch (ZoneApi.Busy e) {
                metrics.retry("busy");
                if (attempt >= maxAttempts) {
                    throw e;
                }
                backoff.before(attempt);
            }
        }
    }
}
