package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.simd.gemm.Sgemm;
import org.jrnn.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One Adam step ({@code TensorOps.adamStep}) over a flat parameter tensor, beside two copy-bandwidth baselines that
 * move the same bytes in the same run. The update reads param, grad, m and v and writes param, m and v:
 * {@value #BYTES_PER_PARAMETER} bytes per parameter. Each baseline copies {@code 3.5 · parameters} floats, so it
 * reads and writes the same {@value #BYTES_PER_PARAMETER} bytes per parameter; {@code copy} is one
 * {@code System.arraycopy} on one thread, {@code copyAllThreads} the same copy cut into ranges on the SGEMM's
 * threads (as many as cpu-simd uses). Average time per operation, µs; GB/s = {@value #BYTES_PER_PARAMETER} ·
 * parameters / (µs · 1000) for every method (bench/README.md). The copies do not depend on {@code backend}; they run
 * under each value so every fork measures its own baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class OptimizerBenchmark {
    /** param, grad, m, v read + param, m, v written, float32. */
    public static final int BYTES_PER_PARAMETER = 7 * Float.BYTES;
    /** Ranges per thread of the parallel copy (dynamic balance, as SimdOps cuts its updates). */
    private static final int COPY_PARTS_PER_THREAD = 4;

    @Param({"cpu-simd", "reference"})
    public String backend;

    @Param({"1000000", "10000000"})
    public int parameters;

    private Backend be;
    private Tensor param;
    private Tensor grad;
    private Tensor expAvg;
    private Tensor expAvgSq;
    private final AdamParams adam = AdamParams.adam(1e-5f);
    private long step;
    private float[] copySrc;
    private float[] copyDst;
    private Sgemm pool;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.select(backend).chosen().provider().create();
        param = SeededData.tensor(be, RnnFixture.PARAM_SEED, parameters);
        grad = SeededData.tensor(be, RnnFixture.GRAD_SEED, parameters);
        expAvg = be.allocate(parameters);
        expAvgSq = be.allocate(parameters);
        int copyLength = (int) ((long) parameters * BYTES_PER_PARAMETER / (2 * Float.BYTES));
        copySrc = SeededData.uniform(RnnFixture.INPUT_SEED, copyLength, 1.0);
        copyDst = new float[copyLength];
        pool = new Sgemm();
    }

    @Benchmark
    public void adam(Blackhole bh) {
        // The step only sets the bias corrections; cycling keeps them away from their limit of 1.
        step = step % 1000 + 1;
        be.ops().adamStep(param, grad, expAvg, expAvgSq, adam, step);
        bh.consume(param);
    }

    @Benchmark
    public void copy(Blackhole bh) {
        System.arraycopy(copySrc, 0, copyDst, 0, copySrc.length);
        bh.consume(copyDst);
    }

    @Benchmark
    public void copyAllThreads(Blackhole bh) {
        int n = copySrc.length, parts = pool.threads() * COPY_PARTS_PER_THREAD;
        float[] src = copySrc, dst = copyDst;
        pool.forEachPart(parts, part -> {
            int from = (int) ((long) n * part / parts), to = (int) ((long) n * (part + 1) / parts);
            System.arraycopy(src, from, dst, from, to - from);
        });
        bh.consume(copyDst);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        for (Tensor t : new Tensor[] {param, grad, expAvg, expAvgSq}) {
            t.close();
        }
        be.close();
    }
}
