package org.jrnn.simd.gemm;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for a fixed number of threads that all run at the same time (the parts of
 * {@link Sgemm#forEachPartConcurrently}, or of a GEMM whose threads share packed blocks), crossed once per time
 * step or block. It spins (a step is tens of microseconds to milliseconds of work, a park/unpark round trip tens of
 * microseconds), then yields. A part that fails breaks it, so the others stop waiting and fail too instead of
 * hanging.
 */
public final class StepBarrier {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable broken;

    public StepBarrier(int parties) {
        if (parties < 1) throw new IllegalArgumentException("parties=" + parties);
        this.parties = parties;
    }

    /**
     * Returns once every party has called await for this round; everything a party wrote before its call is
     * visible to every party after. Throws IllegalStateException (with the cause) once {@link #breakWith} ran.
     */
    public void await() {
        int gen = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);     // before the generation moves: no party can arrive for the next round sooner
            generation = gen + 1;
            return;
        }
        long spins = 0;
        while (generation == gen) {
            Throwable cause = broken;
            if (cause != null) {
                throw new IllegalStateException("another thread of this layer pass failed", cause);
            }
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Makes every current and later {@link #await} throw: a party failed and will not arrive. */
    public void breakWith(Throwable cause) {
        broken = cause;
    }
}
