package org.jrnn.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * Wall-clock milliseconds per call of a computation run {@code runs} times after {@code warmup} untimed runs.
 *
 * @param millis each timed run, in run order
 */
record Timing(int runs, int warmup, double[] millis) {

    /** Something to time that may throw what the command would throw anyway. */
    interface Body {
        void run() throws Exception;
    }

    // Warm-up lasts at least --warmup-seconds (default 2): the vector kernels run on the Vector API's slow Java
    // fallback until C2 has compiled them, which takes thousands of calls of a small model (a 3-layer GRU with H=7
    // measured 13.9 ms per call after 10 warm-up calls).

    /** Warm-up never exceeds this many calls. */
    static final int MAX_WARMUP_RUNS = 100_000;

    /** Untimed warm-up runs before N timed ones, at the least: enough for the JIT to compile the hot loops. */
    static int warmupFor(int runs) {
        return Math.max(3, runs / 5);
    }

    static Timing measure(int runs, Body body, long minWarmupNanos) throws Exception {
        int warmup = 0;
        long start = System.nanoTime();
        while (warmup < warmupFor(runs)
                || (System.nanoTime() - start < minWarmupNanos && warmup < MAX_WARMUP_RUNS)) {
            body.run();
            warmup++;
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Timing(runs, warmup, ms);
    }

    double medianMs() {
        double[] s = millis.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double minMs() {
        return Arrays.stream(millis).min().orElse(Double.NaN);
    }

    double maxMs() {
        return Arrays.stream(millis).max().orElse(Double.NaN);
    }

    /** E.g. {@code forward: 20 runs after 4 warm-up: median 1.234 ms, min 1.100 ms, max 1.900 ms per call}. */
    String describe(String what) {
        return String.format(Locale.ROOT, "%s: %d runs after %d warm-up: median %.3f ms, min %.3f ms, max %.3f ms per call",
                what, runs, warmup, medianMs(), minMs(), maxMs());
    }
}
