package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FP32 peak as Java sees it: a register-only loop of independent FMAs on the preferred vector
 * species (no loads or stores), on one thread and on every hardware thread. Throughput mode: the all-threads
 * score is the sum over threads; GFLOP/s = ops/s * {@link #flopsPerOp()} / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class PeakFmaBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: enough to cover FMA latency (4-5 cycles) times two FMA ports. */
    static final int ACCUMULATORS = 12;
    static final int ROUNDS = 1024;

    /** Floating-point operations of one invocation: rounds * accumulators * lanes * 2 (multiply and add). */
    public static double flopsPerOp() {
        return 2.0 * ROUNDS * ACCUMULATORS * SPECIES.length();
    }

    /** Fixed point 1: a = 0.9999 a + 0.0001 stays finite and normal however long it runs. */
    private final float mul = 0.9999f;
    private final float add = 0.0001f;

    @Benchmark
    @Threads(1)
    public float oneThread() {
        return loop(mul, add);
    }

    @Benchmark
    @Threads(Threads.MAX)
    public float allThreads() {
        return loop(mul, add);
    }

    /** Compiled on its own: inlined into JMH's stub, C2 kept fewer accumulators in registers (~40 % slower). */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static float loop(float m, float c) {
        FloatVector x = FloatVector.broadcast(SPECIES, m);
        FloatVector y = FloatVector.broadcast(SPECIES, c);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0.5f);
        FloatVector a1 = a0.add(y);
        FloatVector a2 = a1.add(y);
        FloatVector a3 = a2.add(y);
        FloatVector a4 = a3.add(y);
        FloatVector a5 = a4.add(y);
        FloatVector a6 = a5.add(y);
        FloatVector a7 = a6.add(y);
        FloatVector a8 = a7.add(y);
        FloatVector a9 = a8.add(y);
        FloatVector a10 = a9.add(y);
        FloatVector a11 = a10.add(y);
        for (int r = 0; r < ROUNDS; r++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
