package io.cascadelab.enactor.runbook;

import java.util.ArrayList;
import java.util.List;

import io.cascadelab.enactor.apply.Backoff;
import io.cascadelab.enactor.apply.EndpointWriter;
import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' manual repair of 20 October: take the newest complete plan in the store and point every
 * endpoint at it through the Route 53 API, creating that plan's record sets as needed. Afterwards every
 * endpoint's active plan is in the store again, so the store and the zone are consistent and the enactors'
 * next passes go through. In fixed mode the same compare-and-set as the enactors is used, so the repair
 * can never move an endpoint backwards either.
 */
public final class DnsRestorer {

    private static final Logger log = LoggerFactory.getLogger(DnsRestorer.class);

    private final Mode mode;
    private final PlanSource plans;
    private final EndpointWriter writer;
    private final Backoff backoff;
    private final int maxAttempts;

    public DnsRestorer(Mode mode, PlanSource plans, EndpointWriter writer, Backoff backoff, int maxAttempts) {
        this.mode = mode;
        this.plans = plans;
        this.writer = writer;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    /** What the repair did. */
    public record Report(long generation, List<String> restored, List<String> alreadyNewer, List<String> failed) {
    }

    public synchronized Report restore() {
        Plan plan = plans.newest().orElseThrow(() -> new IllegalStateException("the plan store holds no plan"));
        List<String> restored = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Plan.Endpoint endpoint : plan.endpoints()) {
            EndpointWriter.Result result = write(plan.generation(), endpoint);
            if (result == EndpointWriter.Result.APPLIED) {
                restored.add(endpoint.name());
            } else if (result == EndpointWriter.Result.ALREADY_NEWER) {
                newer.add(endpoint.name());
            } else {
                failed.add(endpoint.name());
            }
        }
        log.atWarn().addKeyValue("generation", plan.generation()).addKeyValue("restored", restored.size())
                .addKeyValue("failed", failed.size()).log("runbook restore-dns done");
        return new Report(plan.generation(), restored, newer, failed);
    }

    /** @return null when every attempt was blocked */
    private EndpointWriter.Result write(long generation, Plan.Endpoint endpoint) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return mode == Mode.FIXED ? writer.compareAndSet(generation, endpoint)
                        : writer.overwrite(generation, endpoint);
            } catch (ZoneApi.Busy | ZoneApi.Rejected e) {
                if (attempt < maxAttempts) {
                    backoff.before(attempt);
                }
            }
        }
        return null;
    }
}
