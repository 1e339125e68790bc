package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.GemmShape;
import org.jrnn.simd.gemm.Sgemm;
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
 * cpu-simd's SGEMM kernel alone, C = A * B (row-major, no transposes, beta = 0), with all hardware threads.
 * The backend is fixed: other backends do not expose their GEMM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class GemmBenchmark {
    public static final String BACKEND = "cpu-simd";

    @Param({"sq2048", "sq1024", "proj256", "rec256", "gemv512"})
    public String shape;

    private GemmShape g;
    private Sgemm sgemm;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        g = BenchShapes.gemm(shape);
        sgemm = new Sgemm();
        a = SeededData.uniform(RnnFixture.INPUT_SEED, g.m() * g.k(), 1.0);
        b = SeededData.uniform(RnnFixture.PARAM_SEED, g.k() * g.n(), 1.0);
        c = new float[g.m() * g.n()];
    }

    @Benchmark
    public void gemm(Blackhole bh) {
        sgemm.gemm(false, false, g.m(), g.n(), g.k(), 1f, a, 0, g.k(), b, 0, g.n(), 0f, c, 0, g.n());
        bh.consume(c);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sgemm.close();
    }
}
