package io.cascadelab.planner.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import io.cascadelab.contracts.DynamoNodeAnnounced;
import io.cascadelab.planner.PlannerProperties;

/**
 * Turns the serving fleet into a plan covering every endpoint. One regional plan for all endpoints, as AWS
 * does, because the endpoints share capacity. Pure: same fleet and generation, same plan.
 */
public final class PlanBuilder {

    private final List<String> ipv4Endpoints;
    private final String ipv6Endpoint;

    /**
     * @param accountSeed  stream the account ids are drawn from, so they are the same on every restart of a seeded run
     */
    public PlanBuilder(PlannerProperties.Endpoints endpoints, String zoneName, SplittableRandom accountSeed) {
        String zone = zoneName.endsWith(".") ? zoneName.substring(0, zoneName.length() - 1) : zoneName;
        List<String> names = new ArrayList<>();
        names.add(endpoints.regional() + "." + zone);
        names.add(endpoints.fips() + "." + zone);
        Set<Long> accounts = new LinkedHashSet<>();
        while (accounts.size() < endpoints.accounts()) {
            accounts.add(100_000_000_000L + accountSeed.nextLong(900_000_000_000L));
        }
        accounts.forEach(account -> names.add(account + "." + endpoints.accountSuffix() + "." + zone));
        this.ipv4Endpoints = List.copyOf(names);
        this.ipv6Endpoint = endpoints.ipv6() + "." + zone;
    }

    /** Every endpoint name a plan can cover: the regional name first. */
    public List<String> endpointNames() {
        List<String> all = new ArrayList<>(ipv4Endpoints);
        all.add(2, ipv6Endpoint);
        return all;
    }

    /**
     * The plan for {@code nodes}, or empty when no node can serve: an empty plan would be an instruction to
     * remove every address, and the planner never gives one.
     */
    public Optional<Plan> build(long generation, Instant createdAt, List<DynamoNodeAnnounced> nodes) {
        List<Plan.Target> v4 = targets(nodes, false);
        if (v4.isEmpty()) {
            return Optional.empty();
        }
        List<Plan.Target> v6 = targets(nodes, true);
        List<Plan.Endpoint> endpoints = new ArrayList<>();
        for (String name : ipv4Endpoints) {
            endpoints.add(new Plan.Endpoint(name, "A", v4));
        }
        if (!v6.isEmpty()) {
            // the IPv6 endpoint shares the fleet's capacity; it is left out only while no node has an IPv6 address
            endpoints.add(2, new Plan.Endpoint(ipv6Endpoint, "AAAA", v6));
        }
        return Optional.of(new Plan(generation, createdAt, List.copyOf(endpoints)));
    }

    private static List<Plan.Target> targets(List<DynamoNodeAnnounced> nodes, boolean ipv6) {
        List<DynamoNodeAnnounced> usable = nodes.stream()
                .filter(node -> ipv6 ? notBlank(node.ipv6Address()) : notBlank(node.address()))
                .toList();
        int maxCapacity = usable.stream().mapToInt(DynamoNodeAnnounced::capacityRps).max().orElse(1);
        return usable.stream()
                .map(node -> new Plan.Target(node.nodeId(), node.az(), ipv6 ? node.ipv6Address() : node.address(),
                        Math.max(1, (int) Math.round(255.0 * node.capacityRps() / maxCapacity))))
                .toList();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
