package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jrnn.CellType;
import org.jrnn.RnnState;
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

/** Streaming latency: one {@code Rnn.step} at batch 1; the state carries over between invocations. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class StepBenchmark {

    @Param({"cpu-simd"})
    public String backend;

    @Param({"rnn_tanh", "lstm", "gru"})
    public String cell;

    @Param({"step128", "step256", "step512"})
    public String shape;

    private RnnFixture fixture;
    private Tensor x;
    private Tensor out;
    private RnnState state;

    @Setup(Level.Trial)
    public void setUp() {
        SeqShape s = BenchShapes.sequence(shape);
        ReferenceLimit.check(backend, s);
        fixture = RnnFixture.open(backend, CellType.parse(cell), s);
        x = SeededData.tensor(fixture.backend, RnnFixture.INPUT_SEED, s.batch(), s.input());
        out = fixture.backend.allocate(s.batch(), s.hidden());
        state = fixture.rnn.newState(s.batch());
    }

    @Benchmark
    public void step(Blackhole bh) {
        fixture.rnn.step(x, state, out);
        bh.consume(out);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
        out.close();
        x.close();
        fixture.close();
    }
}
