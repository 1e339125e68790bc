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

/** Inference over a whole sequence: forward(x [T,B,I]) with zero initial state, no tape. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class ForwardBenchmark {

    @Param({"cpu-simd"})
    public String backend;

    @Param({"rnn_tanh", "lstm", "gru"})
    public String cell;

    @Param({"h256", "h512", "h1024", "batch1", "stock", "sentiment"})
    public String shape;

    private RnnFixture fixture;
    private Tensor input;

    @Setup(Level.Trial)
    public void setUp() {
        SeqShape s = BenchShapes.sequence(shape);
        ReferenceLimit.check(backend, s);
        fixture = RnnFixture.open(backend, CellType.parse(cell), s);
        input = SeededData.tensor(fixture.backend, RnnFixture.INPUT_SEED, s.steps(), s.batch(), s.input());
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (ForwardResult r = fixture.rnn.forward(input, null, null, null, RunOptions.INFERENCE)) {
            bh.consume(r.output());
            bh.consume(r.hN());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
        fixture.close();
    }
}
