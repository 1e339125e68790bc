package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.RunOptions;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.SeqShape;
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
 * Inference forward with ordinary inputs beside inputs that drive the cell into subnormal floats
 * ({@link DenormalInputs}); the requirement is adversarial / normal &lt;= 2 per backend, cell and shape. Run the
 * variants back to back in one JMH run, e.g.
 * {@code java -jar bench/target/benchmarks.jar 'Denormal.*' -p backend=cpu-simd -p shape=sentiment}, or for the
 * reference backend a small shape ({@code -p backend=reference -p shape=16x50x32x32}); on a shared machine add
 * {@code -prof org.jrnn.bench.jmh.CpuTimeProfiler} with {@code -Drnn.threads=1} in the forks (bench/README.md). The
 * setup prints the share of subnormal values in the output, to show the inputs do what they claim.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class DenormalForwardBenchmark {
    @Param({"cpu-simd"})
    public String backend;

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"sentiment"})
    public String shape;

    @Param({DenormalInputs.NORMAL, DenormalInputs.SATURATING, DenormalInputs.SUBNORMAL})
    public String inputs;

    private RnnFixture fixture;
    private Tensor input;

    @Setup(Level.Trial)
    public void setUp() {
        SeqShape s = BenchShapes.sequence(shape);
        ReferenceLimit.check(backend, s);
        fixture = RnnFixture.open(backend, CellType.parse(cell), s);
        DenormalInputs.applyParameters(fixture, inputs);
        input = DenormalInputs.input(fixture, inputs);
        try (ForwardResult f = fixture.rnn.forward(input, null, null, null, RunOptions.INFERENCE)) {
            System.out.printf("%n%s %s %s %s: subnormal share of the output %.3f%n", backend, cell, shape, inputs,
                    DenormalInputs.subnormalShare(fixture.backend.toHost(f.output())));
        }
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (ForwardResult r = fixture.rnn.forward(input, null, null, null, RunOptions.INFERENCE)) {
            bh.consume(r.output());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
        fixture.close();
    }
}
