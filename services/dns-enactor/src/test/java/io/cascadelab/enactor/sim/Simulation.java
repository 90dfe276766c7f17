package io.cascadelab.enactor.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.cascadelab.enactor.EnactorProperties;
import io.cascadelab.enactor.plan.PlanSource;
import io.cascadelab.enactor.zone.ZoneApi;
import io.cascadelab.platform.CascadeProperties.Mode;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.TimeScale;

/**
 * Planner + three enactors + clean-up on the in-memory zone, on real threads, for one seed. The seed picks
 * the slow enactor and every enactor's latency per call, the enactors' walk orders and backoff jitter. Thread
 * scheduling is the JVM's, so a seed fixes the set-up, not the exact interleaving.
 */
public final class Simulation {

    static final int PLANS = 30;

    public static final String REGIONAL = "dynamodb.us-east-1.cascade.test";

    /** @param regionalMid the regional endpoint's generation halfway through; {@code regionalEnd} at the end */
    public record Result(long seed, List<String> violations, long newestPlan, long regionalMid, long regionalEnd,
                         String latencies) {
    }

    private Simulation() {
    }

    public static Result run(Mode mode, long seed, Duration planInterval, Duration settle) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> endpoints = new ArrayList<>(List.of(REGIONAL, "dynamodb-fips.us-east-1.cascade.test",
                "dynamodb.us-east-1.api.cascade.test"));
        for (int i = 0; i < 9; i++) {
            endpoints.add((100_000_000_000L + i) + ".ddb.us-east-1.cascade.test");
        }
        InMemoryZone zone = new InMemoryZone(5);
        zone.watch(endpoints);
        InMemoryPlans plans = new InMemoryPlans(endpoints);
        // 600x: an incident minute is 100 ms of wall time
        IncidentClock clock = new IncidentClock(Clock.systemUTC(), new TimeScale(600), Clock.systemUTC().instant());
        TestEnactors.Settings settings = new TestEnactors.Settings(8, Duration.ofSeconds(2), Duration.ofSeconds(20),
                Duration.ofMinutes(3), 2, EnactorProperties.WalkOrder.SHUFFLED);

        int slow = random.nextInt(3);
        long[] maxLatencyMicros = new long[3];
        List<TestEnactors.Built> enactors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            maxLatencyMicros[i] = i == slow ? 2_000 + random.nextLong(14_000) : random.nextLong(1_500);
            SplittableRandom latencyRandom = random.split();
            long max = maxLatencyMicros[i];
            ZoneApi view = HookedZone.withLatency(zone, () -> pauseMicros(latencyRandom, max));
            enactors.add(TestEnactors.enactor("az" + (i + 1), mode, plans, view, clock, settings, random.nextLong()));
        }

        plans.plan(clock.now());
        List<Thread> threads = new ArrayList<>();
        AtomicLong mid = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread planner = daemon("planner", () -> {
            // progress is measured in plans, not wall time: a loaded machine only stretches the run
            for (int i = 2; i <= PLANS; i++) {
                plans.plan(clock.now());
                if (i == PLANS / 2) {
                    mid.set(generation(zone.pointsAt(REGIONAL)));
                }
                LockSupport.parkNanos(planInterval.toNanos());
            }
        });
        for (TestEnactors.Built built : enactors) {
            threads.add(daemon("enactor", () -> {
                while (!stop.get()) {
                    try {
                        built.enactor().runOnce();
                    } catch (ZoneApi.Busy | PlanSource.Unavailable e) {
                        // as the application's loop: try again at the next look
                    }
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                }
            }));
        }
        threads.forEach(Thread::start);
        planner.start();
        planner.join(60_000);
        // let the fast enactors catch up with the last plan (the slow one may still be walking)
        Thread.sleep(settle.toMillis());
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        long end = generation(zone.pointsAt(REGIONAL));
        return new Result(seed, zone.violations(), plans.newest().orElseThrow().generation(), mid.get(), end,
                "slow=az" + (slow + 1) + " maxLatencyMicros=" + java.util.Arrays.toString(maxLatencyMicros));
    }

    private static long generation(OptionalLong generation) {
        return generation.orElse(0);
    }

    private static void pauseMicros(SplittableRandom random, long maxMicros) {
        long micros;
        synchronized (random) {
            micros = maxMicros == 0 ? 0 : random.nextLong(maxMicros + 1);
        }
        if (micros > 0) {
            LockSupport.parkNanos(micros * 1_000);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
