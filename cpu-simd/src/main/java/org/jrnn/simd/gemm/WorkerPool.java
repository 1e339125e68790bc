package org.jrnn.simd.gemm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Fixed pool of daemon workers that help the calling thread with a call's chunks.
 *
 * <p>A call publishes (task, chunk count) under a new generation and works on chunks itself;
 * every thread claims the next chunk with a CAS on {@code ticket} = generation << 32 | next.
 * Dynamic claiming means a worker that is slow to wake (or descheduled on a busy machine)
 * never makes the caller wait for a fixed share: the caller simply takes the remaining chunks.
 * Idle workers spin on the generation for {@link #SPIN_NANOS} (hand-off measured ~1.5 us),
 * then park. One caller at a time: {@link Sgemm} serialises access.
 */
final class WorkerPool implements AutoCloseable {
    /**
     * How long an idle worker spins before parking. Per-step RNN GEMMs come every few tens of
     * microseconds (gate math in between); 200 us covers that gap, while waking a parked thread
     * costs tens of microseconds.
     */
    static final long SPIN_NANOS = 200_000L;

    private final Thread[] workers;
    private final boolean[] sleeping;
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long generation;
    private volatile IntConsumer task;
    private volatile int chunks;
    private volatile boolean closed;
    private volatile Throwable failure;
    // The latest pinned call (part i + 1 on worker i, part 0 on the caller): task and count are rewritten only
    // when they change, so a repeated call leaves their line shared and a worker reads it from its own cache.
    private volatile IntConsumer pinnedTask;
    private volatile int pinnedCount;
    private volatile long pinnedGen = -1;

    WorkerPool(int workersCount) {
        workers = new Thread[workersCount];
        sleeping = new boolean[workersCount];
        for (int w = 0; w < workersCount; w++) {
            final int id = w;
            Thread t = new Thread(() -> loop(id), "jrnn-sgemm-" + (w + 1));
            t.setDaemon(true);
            workers[w] = t;
        }
        for (Thread t : workers) t.start();
    }

    /** Runs t.accept(chunk) for every chunk in [0, count) on the caller and idle workers. */
    void run(IntConsumer t, int count) {
        failure = null;
        task = t;
        chunks = count;
        done.set(0);
        long gen = generation + 1;
        ticket.set(gen << 32);
        generation = gen;
        for (int w = 0; w < workers.length; w++) {
            if (sleepingVolatile(w)) LockSupport.unpark(workers[w]);
        }
        Throwable mine = null;
        try {
            work(gen, t, count);
        } catch (Throwable e) {
            mine = e;
        }
        // Normally every chunk is claimed by now; if the caller failed, close the claims so we
        // only wait for chunks a worker already holds (nobody touches C after we return).
        int claimed = mine == null ? count : stopClaims(gen, count);
        long spins = 0;
        while (done.get() < claimed) {
            if (++spins < 100_000) Thread.onSpinWait();
            else Thread.yield();
        }
        task = null;
        Throwable err = mine != null ? mine : failure;
        if (err instanceof RuntimeException re) throw re;
        if (err instanceof Error er) throw er;
        if (err != null) throw new RuntimeException(err);
    }

    /**
     * Runs t.accept(part) for part in [0, count), count &lt;= workers + 1: part 0 on the caller, part i on worker
     * i - 1, every call. A repeated call (the streaming step) then finds each thread's slice of its data still in
     * that core's cache; with dynamic claiming the slices wander between cores. No chunk counter, no CAS.
     */
    void runPinned(IntConsumer t, int count) {
        if (count < 1 || count > workers.length + 1) throw new IllegalArgumentException("parts=" + count);
        failure = null;
        done.set(0);
        long gen = generation + 1;
        if (pinnedTask != t) pinnedTask = t;
        if (pinnedCount != count) pinnedCount = count;
        pinnedGen = gen;
        generation = gen;
        for (int w = 0; w + 1 < count; w++) {
            if (sleepingVolatile(w)) LockSupport.unpark(workers[w]);
        }
        Throwable mine = null;
        try {
            t.accept(0);
        } catch (Throwable e) {
            mine = e;
        }
        long spins = 0;
        while (done.get() < count - 1) {
            if (++spins < 100_000) Thread.onSpinWait();
            else Thread.yield();
        }
        Throwable err = mine != null ? mine : failure;
        if (err instanceof RuntimeException re) throw re;
        if (err instanceof Error er) throw er;
        if (err != null) throw new RuntimeException(err);
    }

    /** Claims and runs chunks of generation gen until none are left. */
    private void work(long gen, IntConsumer t, int count) {
        while (true) {
            long cur = ticket.get();
            if ((cur >>> 32) != gen || (int) cur >= count) return;
            if (!ticket.compareAndSet(cur, cur + 1)) continue;
            try {
                t.accept((int) cur);
            } finally {
                done.incrementAndGet();
            }
        }
    }

    /** Marks every chunk of gen as claimed; returns how many had really been claimed. */
    private int stopClaims(long gen, int count) {
        while (true) {
            long cur = ticket.get();
            if (ticket.compareAndSet(cur, (gen << 32) | count)) return Math.min((int) cur, count);
        }
    }

    private void loop(int id) {
        // Generation 0 is the pool before any call. Reading the field here instead would lose a call published
        // before this thread got to run (a pinned call then waits at its barrier for a part nobody runs).
        long seen = 0;
        long lastPinned = -1;
        while (true) {
            long now = waitForGeneration(id, seen);
            if (closed) return;
            seen = now;
            // pinnedTask/Count/Gen are written before generation: a job of gen >= now is this call's or a newer one (which
            // cannot start before this worker finished its part of ours, so none is skipped or run twice).
            long pg = pinnedGen;
            if (pg >= now) {
                if (pg != lastPinned) {
                    lastPinned = pg;
                    IntConsumer pt = pinnedTask;
                    if (id + 1 < pinnedCount) {
                        try {
                            pt.accept(id + 1);
                        } catch (Throwable e) {
                            failure = e;
                        } finally {
                            done.incrementAndGet();
                        }
                    }
                }
                continue;
            }
            // task/chunks are written before generation, so these reads are of gen 'now' or
            // newer; a newer call's ticket carries another generation and the claim fails.
            IntConsumer t = task;
            int count = chunks;
            if (t == null) continue;
            try {
                work(now, t, count);
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    /** Spins, then parks, until the generation moves past seen (or the pool closes). */
    private long waitForGeneration(int id, long seen) {
        long start = System.nanoTime();
        long now;
        while ((now = generation) == seen && !closed) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            setSleeping(id, true);
            // Re-check after announcing sleep: the caller bumps generation before reading the flag.
            if (generation == seen && !closed) LockSupport.park(this);
            setSleeping(id, false);
        }
        return now;
    }

    private static final java.lang.invoke.VarHandle SLEEPING =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(boolean[].class);

    private boolean sleepingVolatile(int w) { return (boolean) SLEEPING.getVolatile(sleeping, w); }

    private void setSleeping(int w, boolean v) { SLEEPING.setVolatile(sleeping, w, v); }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) LockSupport.unpark(t);
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
