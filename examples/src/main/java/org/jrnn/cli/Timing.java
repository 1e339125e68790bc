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

    /** Untimed warm-up runs before N timed ones: enough for the JIT to compile the hot loops. */
    static int warmupFor(int runs) {
        return Math.max(3, runs / 5);
    }

    static Timing measure(int runs, Body body) throws Exception {
        int warmup = warmupFor(runs);
        for (int i = 0; i < warmup; i++) {
            body.run();
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
