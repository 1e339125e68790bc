package org.jrnn.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation ({@code ·cpu.time/op}, ms), from the process CPU time before and after
 * each iteration: on a machine shared with other jobs this counts only the time the benchmark's threads ran, where the
 * wall time also counts the time they waited for a core. Meaningful for a single-threaded backend (e.g. cpu-simd with
 * {@code -Drnn.threads=1}); idle spinning workers would count too. Use with {@code -prof
 * org.jrnn.bench.jmh.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - start;
        long ops = result.getMetadata().getMeasuredOps();
        double perOp = ops > 0 ? cpu / 1e6 / ops : Double.NaN;
        return List.of(new ScalarResult("cpu.time/op", perOp, "ms/op", AggregationPolicy.AVG));
    }
}
