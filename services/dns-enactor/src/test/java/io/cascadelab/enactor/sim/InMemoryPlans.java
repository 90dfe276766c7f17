package io.cascadelab.enactor.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import io.cascadelab.enactor.plan.Plan;
import io.cascadelab.enactor.plan.PlanSource;

/** A plan store in memory, with a planner that writes one generation per call. */
public final class InMemoryPlans implements PlanSource {

    private final ConcurrentSkipListMap<Long, Plan> plans = new ConcurrentSkipListMap<>();
    private final List<String> endpoints;
    private long generation;

    public InMemoryPlans(List<String> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** Writes the next generation; each generation uses a different address set so a stale one is visible. */
    public synchronized Plan plan(Instant createdAt) {
        generation++;
        String address = "10.0." + (generation / 250 % 250) + "." + (1 + generation % 250);
        List<Plan.Endpoint> all = endpoints.stream()
                .map(name -> new Plan.Endpoint(name, "A", List.of(new Plan.Target("node-1", "az1", address, 255),
                        new Plan.Target("node-2", "az2", "10.1.0.1", 255))))
                .toList();
        Plan plan = new Plan(generation, createdAt, all);
        plans.put(generation, plan);
        return plan;
    }

    public boolean contains(long generation) {
        return plans.containsKey(generation);
    }

    @Override
    public Optional<Plan> newest() {
        var last = plans.lastEntry();
        return last == null ? Optional.empty() : Optional.of(last.getValue());
    }

    @Override
    public List<Plan.Summary> list() {
        return plans.values().stream().map(p -> new Plan.Summary(p.generation(), p.createdAt(), p.endpoints().size()))
                .toList();
    }

    @Override
    public boolean delete(long generation) {
        return plans.remove(generation) != null;
    }
}
