package org.jrnn.bench.report;

import java.util.List;
import org.jrnn.bench.jmh.PeakFmaBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/** Measures the FMA peak ({@link PeakFmaBenchmark}) on one and on all hardware threads: the best iteration. */
public final class PeakRunner {
    private PeakRunner() {}

    /**
     * C2 reaches the loop's final code only after 2-3 one-second iterations, so a real run (one with warm-up) gets at
     * least 3 of each; a profile without warm-up (the tests') is kept as it is.
     */
    static Profile peakProfile(Profile p) {
        if (p.warmupIterations() == 0) {
            return p;
        }
        return new Profile(p.name(), p.allShapes(), Math.max(3, p.warmupIterations()), 1000,
                Math.max(3, p.measurementIterations()), 1000, p.forks());
    }

    /** NaN where the benchmark gave nothing (e.g. no Vector API), with a note why; never throws for that. */
    public static PeakSummary measure(SuiteRunner runner, Profile profile, List<String> notes) {
        int threads = Runtime.getRuntime().availableProcessors();
        double one = Double.NaN;
        double all = Double.NaN;
        try {
            double flops = PeakFmaBenchmark.flopsPerOp();
            for (RunResult r : runner.run(JmhOptions.forClass(PeakFmaBenchmark.class, peakProfile(profile)))) {
                // ops/s summed over threads; the best iteration, as a peak is what the machine can do when nothing
                // else runs (the mean sinks whenever another process takes a core for a moment).
                double gflops = r.getPrimaryResult().getStatistics().getMax() * flops / 1e9;
                if (r.getParams().getBenchmark().endsWith(".oneThread")) {
                    one = gflops;
                } else if (r.getParams().getBenchmark().endsWith(".allThreads")) {
                    all = gflops;
                }
            }
        } catch (RunnerException | RuntimeException | LinkageError e) {
            notes.add("FMA peak not measured: " + e);
        }
        if (Double.isNaN(one) || Double.isNaN(all)) {
            notes.add("FMA peak benchmark gave no result for " + (Double.isNaN(one) ? "one thread" : "all threads")
                    + "; see the JMH log");
        }
        return new PeakSummary(one, all, threads, Double.NaN, "");
    }
}
