package io.cascadelab.dwfm.work;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.cascadelab.dwfm.DwfmProperties;
import io.cascadelab.dwfm.lease.DropletLease;
import io.cascadelab.dwfm.lease.DropletsClient;
import io.cascadelab.dwfm.lease.LeaseBook;
import io.cascadelab.dwfm.lease.LeaseStore;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DWFM's lease work for one AZ: check-ins of live leases and establishment of lost ones, done by a fixed
 * set of workers from a queue.
 *
 * <p>Incident mode, as it was: one FIFO for all work; an attempt still queued at its deadline gets a
 * second attempt queued behind everything (the first is not cancelled); work is done even when its
 * deadline has passed, and a late result is thrown away and re-queued; failures retry after a fixed delay.
 * After a long Dynamo outage every expired droplet needs an establishment at once, the queue's wait
 * passes the attempt timeout, and goodput goes to zero while the workers stay busy.
 *
 * <p>Fixed mode, the remediation: renewals before establishments; new establishments admitted only while
 * the queue's expected wait stays under a bound; expired work dropped before it is done; jittered
 * exponential backoff.
 */
public final class LeaseManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseManager.class);

    private final String az;
    private final String holder;
    private final DwfmProperties settings;
    private final boolean fixed;
    private final LeaseBook book;
    private final WorkQueue queue;
    private final LeaseStore store;
    private final DropletsClient droplets;
    private final TimeScale scale;
    private final Clock wall;
    private final SplittableRandom random;
    private final IntakeLimit intake;
    private final Set<WorkItem> unfinished = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong leaseSequence = new AtomicLong();
    private final String epoch;
    private final ScheduledExecutorService timers;
    private final List<Thread> workers = new ArrayList<>();
    private final Timer queueWait;
    private final MeterRegistry registry;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile double establishWallMillisEwma;

    public LeaseManager(String az, DwfmProperties settings, boolean fixed, LeaseStore store, DropletsClient droplets,
                        TimeScale scale, Clock wall, SplittableRandom random, MeterRegistry registry) {
        this.az = az;
        this.holder = "dwfm-" + az;
        this.settings = settings;
        this.fixed = fixed;
        this.book = new LeaseBook();
        this.queue = new WorkQueue(fixed);
        this.store = store;
        this.droplets = droplets;
        this.scale = scale;
        this.wall = wall;
        this.random = random;
        this.intake = new IntakeLimit(scale);
        // Lease ids carry the process's start: a restarted DWFM never hands out an id its predecessor used.
        this.epoch = Long.toString(wall.millis(), 36);
        this.registry = registry;
        this.establishWallMillisEwma = scale.toWall(Duration.ofMinutes(1)).toMillis();
        this.timers = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "dwfm-timers");
            thread.setDaemon(true);
            return thread;
        });
        for (DropletLease.State state : DropletLease.State.values()) {
            Gauge.builder("cascade.dwfm.leases", book, b -> b.count(wall.millis()).get(state))
                    .description("Leases on this AZ's droplets, by state").tag("state", state.name().toLowerCase())
                    .register(registry);
        }
        Gauge.builder("cascade.dwfm.queue.depth", queue, WorkQueue::size).description("Lease work waiting")
                .register(registry);
        Gauge.builder("cascade.dwfm.workers.busy", busy, AtomicInteger::get).description("Workers doing lease work")
                .register(registry);
        Gauge.builder("cascade.dwfm.intake.limit", intake, IntakeLimit::perMinute)
                .description("Operators' limit on new lease work per incident minute (0: none)").register(registry);
        queueWait = Timer.builder("cascade.dwfm.queue.wait").description("Time lease work waited in the queue (wall)")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (String outcome : List.of("completed", "expired", "rejected", "failed")) {
            work(outcome);
        }
        checkins("success");
        checkins("failure");
        lost("droplet");
        lost("dynamo");
    }

    public String az() {
        return az;
    }

    public LeaseBook book() {
        return book;
    }

    public boolean ready() {
        return ready;
    }

    public int queueDepth() {
        return queue.size();
    }

    public IntakeLimit intake() {
        return intake;
    }

    /**
     * The operators' throttle (0 lifts it): applied at once, and recorded with the AZ's leases so that a
     * restarted DWFM starts under it.
     *
     * @return whether the limit was recorded (Dynamo answered); it is applied either way
     */
    public boolean throttle(double perMinute) {
        intake.set(perMinute, wall.millis());
        try {
            store.saveIntakeLimit(az, perMinute);
            return true;
        } catch (RuntimeException e) {
            log.warn("intake limit {} applied but not recorded: {}", perMinute, e.getMessage());
            return false;
        }
    }

    /** Learns the AZ's droplets (retrying until the droplets answer), adopts our live leases, starts working. */
    public void start() {
        Thread starter = new Thread(() -> {
            // Leases are kept in Dynamo: a DWFM takes over its droplets only once it can record them.
            while (!closed) {
                try {
                    store.ensureTable();
                    // An intake limit the operators set before a restart holds from this process's first tick.
                    double limit = store.intakeLimit(az);
                    if (limit > 0) {
                        intake.set(limit, wall.millis());
                        log.info("DWFM {} starts under the operators' intake limit of {} per incident minute", az, limit);
                    }
                    break;
                } catch (RuntimeException e) {
                    log.warn("Dynamo not reachable yet: {}", e.getMessage());
                    sleepQuietly(1000);
                }
            }
            while (!closed) {
                try {
                    long now = wall.millis();
                    long period = scale.toWall(settings.checkInPeriod()).toMillis();
                    for (DropletsClient.DropletView droplet : droplets.droplets(az, holder)) {
                        book.add(droplet.id());
                        if (droplet.lease() != null && holder.equals(droplet.lease().holder())) {
                            // Check-ins spread over one period, as a long-running DWFM's would be.
                            book.adopt(droplet.id(), droplet.lease().leaseId(), droplet.lease().expiresAtMillis(),
                                    now + (long) (random.nextDouble() * period));
                        }
                    }
                    break;
                } catch (RuntimeException e) {
                    log.warn("droplets not reachable yet: {}", e.getMessage());
                    sleepQuietly(1000);
                }
            }
            for (int i = 0; i < settings.workers(); i++) {
                Thread worker = new Thread(this::work, "dwfm-worker-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            long tick = Math.max(10, scale.toWall(settings.tick()).toMillis());
            timers.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
            ready = true;
            log.atInfo().addKeyValue("az", az).addKeyValue("droplets", book.size())
                    .addKeyValue("mode", fixed ? "fixed" : "incident").log("DWFM {} working", az);
        }, "dwfm-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Finds due check-ins and lost leases. */
    void tick() {
        try {
            long now = wall.millis();
            for (DropletLease lease : book.all()) {
                if (lease.takeCheckIn(now)) {
                    // A check-in renews a live lease, and the droplet takes it until the lease runs out: that is
                    // its deadline. The attempt timeout that outlives queued work is lease establishment's (AWS's
                    // account). Giving check-ins that timeout too made the steady state metastable: a few seconds'
                    // stall (a fleet booting on two cores) failed every check-in late, each came straight back,
                    // the queue never drained, and the AZ lost every lease with Dynamo healthy throughout.
                    enqueue(new WorkItem(WorkItem.Kind.CHECK_IN, lease.dropletId(), now, lease.expiresAt(), 1, null));
                } else if (lease.needsEstablishment(now)) {
                    admit(lease, 1, now);
                }
            }
        } catch (RuntimeException e) {
            log.error("lease tick failed", e);
        }
    }

    /** New establishment work for a lost lease, if the operators' limit and (fixed) admission control let it in. */
    private void admit(DropletLease lease, int attempt, long now) {
        if (!intake.tryAcquire(now)) {
            return;
        }
        if (fixed && expectedWaitMillis() > scale.toWall(settings.fixed().maxExpectedWait()).toMillis()) {
            // Admission control: not now. The lease is looked at again next tick; nothing queues behind itself.
            work("rejected").increment();
            return;
        }
        int newest = lease.attemptStarted();
        String leaseId = lease.establishmentLeaseId(() -> holder + "-" + epoch + "-" + leaseSequence.incrementAndGet());
        WorkItem item = new WorkItem(WorkItem.Kind.ESTABLISH, lease.dropletId(), now, now + timeout(), attempt, leaseId);
        enqueue(item);
        if (!fixed) {
            // As it was: the newest attempt on a lease, not done by its deadline, gets another attempt queued
            // behind everything, and it stays queued itself. One more attempt per lease per timeout.
            timers.schedule(() -> {
                if (unfinished.contains(item) && lease.newestAttempt() == newest && !closed) {
                    admit(lease, attempt + 1, wall.millis());
                }
            }, timeout(), TimeUnit.MILLISECONDS);
        }
    }

    private void enqueue(WorkItem item) {
        unfinished.add(item);
        queue.add(item);
    }

    private long expectedWaitMillis() {
        return (long) (queue.size() * establishWallMillisEwma / settings.workers());
    }

    private long timeout() {
        return scale.toWall(settings.attemptTimeout()).toMillis();
    }

    private long backoff(DropletLease lease) {
        long base = scale.toWall(settings.fixed().backoffBase()).toMillis();
        long max = scale.toWall(settings.fixed().backoffMax()).toMillis();
        long exp = Math.min(max, base << Math.min(10, lease.failures()));
        return exp / 2 + (long) (random.nextDouble() * exp / 2);
    }

    private void work() {
        while (!closed) {
            WorkItem item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            long started = wall.millis();
            queueWait.record(Duration.ofMillis(started - item.enqueuedAt()));
            DropletLease lease = book.get(item.dropletId());
            busy.incrementAndGet();
            try {
                if (item.kind() == WorkItem.Kind.CHECK_IN) {
                    checkIn(item, lease, started);
                } else {
                    establish(item, lease, started);
                }
            } finally {
                busy.decrementAndGet();
                unfinished.remove(item);
                workTime(item.kind()).record(Duration.ofMillis(wall.millis() - started));
            }
        }
    }

    private void checkIn(WorkItem item, DropletLease lease, long started) {
        long tickMillis = scale.toWall(settings.tick()).toMillis();
        if (fixed && item.expired(started)) {
            checkins("failure").increment();
            lease.checkInFailed(started + tickMillis);
            return;
        }
        try {
            long expiry = started + scale.toWall(settings.leaseDuration()).toMillis();
            store.checkIn(lease.dropletId(), holder, lease.leaseId(), expiry);
            droplets.checkIn(lease.dropletId(), holder, lease.leaseId(), settings.leaseDuration());
            long done = wall.millis();
            if (done > item.deadline()) {
                checkins("failure").increment();
                lease.checkInFailed(done + tickMillis);
                return;
            }
            checkins("success").increment();
            lease.checkedIn(expiry, done + scale.toWall(settings.checkInPeriod()).toMillis());
        } catch (DropletsClient.Refused e) {
            checkins("failure").increment();
            if (e.code().equals("LeaseNotHeld")) {
                // The droplet holds another lease (or none any more): ours is gone.
                lost("droplet").increment();
                lease.lost();
            } else {
                lease.checkInFailed(wall.millis() + tickMillis);
            }
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            checkins("failure").increment();
            lost("dynamo").increment();
            lease.lost();
        } catch (RuntimeException e) {
            checkins("failure").increment();
            lease.checkInFailed(wall.millis() + tickMillis);
        }
    }

    private void establish(WorkItem item, DropletLease lease, long started) {
        try {
            // Deadline-aware: work that cannot finish in time any more is dropped before it costs anything.
            if (fixed && item.expired(started + (long) establishWallMillisEwma)) {
                work("expired").increment();
                lease.backOff(started + backoff(lease));
                return;
            }
            if (lease.active(started)) {
                return;
            }
            String leaseId = item.leaseId();
            long expiry = started + scale.toWall(settings.leaseDuration()).toMillis();
            try {
                store.establish(lease.dropletId(), holder, leaseId, expiry, started);
                droplets.establish(lease.dropletId(), holder, leaseId, settings.leaseDuration());
            } catch (RuntimeException e) {
                work("failed").increment();
                lease.backOff(wall.millis() + (fixed ? backoff(lease) : scale.toWall(settings.retryAfter()).toMillis()));
                return;
            }
            long done = wall.millis();
            establishWallMillisEwma = 0.9 * establishWallMillisEwma + 0.1 * (done - started);
            if (done > item.deadline()) {
                // Finished, but too late to be of use: the attempt has timed out, its result is discarded.
                work("expired").increment();
                if (!fixed) {
                    admit(lease, item.attempt() + 1, done);
                } else {
                    lease.backOff(done + backoff(lease));
                }
                return;
            }
            lease.established(leaseId, expiry, done + scale.toWall(settings.checkInPeriod()).toMillis());
            work("completed").increment();
        } finally {
            lease.attemptEnded();
        }
    }

    /**
     * Places an instance on a droplet with a live lease and a free slot; null when there is none. The launch is
     * recorded in Dynamo first, so a launch needs Dynamo as well as a leased droplet.
     *
     * @throws IllegalStateException when the instance exists already
     * @throws LaunchNotRecorded when Dynamo could not record the launch (nothing was placed)
     */
    public String place(String instanceId, String owner) {
        long now = wall.millis();
        List<DropletLease> candidates = new ArrayList<>(book.all().stream().filter(l -> l.active(now)).toList());
        if (candidates.isEmpty()) {
            return null;
        }
        try {
            store.recordLaunch(instanceId, owner, holder, now);
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            throw new IllegalStateException("instance " + instanceId + " already exists");
        } catch (RuntimeException e) {
            throw new LaunchNotRecorded(e);
        }
        Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
        for (DropletLease candidate : candidates.subList(0, Math.min(10, candidates.size()))) {
            try {
                droplets.host(candidate.dropletId(), instanceId, owner);
                return candidate.dropletId();
            } catch (DropletsClient.Refused e) {
                if (e.code().equals("InstanceExists")) {
                    throw new IllegalStateException("instance " + instanceId + " already exists");
                }
            }
        }
        try {
            store.forgetLaunch(instanceId);
        } catch (RuntimeException e) {
            log.debug("record of unplaced launch {} left in Dynamo: {}", instanceId, e.getMessage());
        }
        return null;
    }

    /** Dynamo did not take a launch's record, so the instance was not placed. */
    public static final class LaunchNotRecorded extends RuntimeException {
        LaunchNotRecorded(RuntimeException cause) {
            super("the launch could not be recorded in Dynamo: " + cause.getMessage(), cause);
        }
    }

    private Counter work(String outcome) {
        return Counter.builder("cascade.dwfm.lease.work").description("Lease establishment attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer workTime(WorkItem.Kind kind) {
        return Timer.builder("cascade.dwfm.work.time").description("Time a worker spent on one piece of lease work (wall)")
                .tag("kind", kind == WorkItem.Kind.CHECK_IN ? "check-in" : "establish").register(registry);
    }

    private Counter lost(String refusedBy) {
        return Counter.builder("cascade.dwfm.leases.lost").description("Leases found lost at a check-in, by who refused it")
                .tag("refused_by", refusedBy).register(registry);
    }

    private Counter checkins(String outcome) {
        return Counter.builder("cascade.dwfm.checkins").description("Check-ins by outcome").tag("outcome", outcome)
                .register(registry);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        workers.forEach(Thread::interrupt);
        queue.clear();
    }
}
