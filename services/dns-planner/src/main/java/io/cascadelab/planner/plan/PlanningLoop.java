package io.cascadelab.planner.plan;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.contracts.PlanAnnounced;
import io.cascadelab.contracts.Topics;
import io.cascadelab.planner.fleet.NodeRegistry;
import io.cascadelab.platform.time.IncidentClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One planning round: look at the serving fleet, write the next plan generation, announce it. Runs every
 * planning interval on the scaled scheduler.
 */
public final class PlanningLoop {

    private static final Logger log = LoggerFactory.getLogger(PlanningLoop.class);

    private final NodeRegistry fleet;
    private final PlanBuilder builder;
    private final PlanStore store;
    private final IncidentClock clock;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AtomicLong generation = new AtomicLong();
    private final Counter skipped;
    private volatile boolean starved;

    public PlanningLoop(NodeRegistry fleet, PlanBuilder builder, PlanStore store, IncidentClock clock,
                        KafkaTemplate<String, String> kafka, JsonMapper json, MeterRegistry registry) {
        this.fleet = fleet;
        this.builder = builder;
        this.store = store;
        this.clock = clock;
        this.kafka = kafka;
        this.json = json;
        this.generation.set(store.newestGeneration());
        Gauge.builder("cascade.dns.plan.generation", generation, AtomicLong::get)
                .description("Newest plan generation the planner has written").register(registry);
        this.skipped = Counter.builder("cascade.dns.plan.skipped")
                .description("Planning rounds that wrote no plan because no node could serve").register(registry);
    }

    public void planOnce() {
        List<DynamoNodeAnnounced> nodes = fleet.serving();
        if (nodes.isEmpty()) {
            skipped.increment();
            if (!starved) {
                log.atWarn().addKeyValue("generation", generation.get()).log("no serving DynamoDB node; no new plans");
            }
            starved = true;
            return;
        }
        starved = false;
        long next = store.nextGeneration();
        Plan plan = builder.build(next, clock.now(), nodes).orElseThrow();
        store.save(plan);
        generation.set(next);
        log.atDebug().addKeyValue("generation", next).addKeyValue("nodes", nodes.size())
                .addKeyValue("endpoints", plan.endpoints().size()).log("plan written");
        announce(plan);
    }

    private void announce(Plan plan) {
        PlanAnnounced event = new PlanAnnounced(PlanAnnounced.VERSION, plan.generation(), plan.endpoints().size(),
                plan.createdAt());
        try {
            kafka.send(Topics.DNS_PLANS, Long.toString(plan.generation()), json.writeValueAsString(event))
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            log.warn("could not announce plan {}: {}", plan.generation(), failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            // the plan is stored; enactors poll the store, so a lost announcement only costs latency
            log.warn("could not announce plan {}: {}", plan.generation(), e.toString());
        }
    }

    public long generation() {
        return generation.get();
    }
}
