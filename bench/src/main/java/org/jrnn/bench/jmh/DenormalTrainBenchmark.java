package org.jrnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jrnn.BackwardResult;
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
 * The training step of {@link TrainStepBenchmark} (zero gradients, forward with a tape, backward, SGD) with ordinary
 * inputs beside adversarial ones ({@link DenormalInputs}, {@code decaying} included); requirement adversarial /
 * normal &lt;= 2. The SGD step runs with learning rate 0, so every invocation sees the same parameters (a real update
 * would move the zero biases of {@code subnormal} out of the subnormal range after one step). The setup prints the
 * share of subnormal values in the output, the input gradient and the parameter gradients.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class DenormalTrainBenchmark {
    @Param({"cpu-simd"})
    public String backend;

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"sentiment"})
    public String shape;

    @Param({DenormalInputs.NORMAL, DenormalInputs.SATURATING, DenormalInputs.SUBNORMAL, DenormalInputs.DECAYING})
    public String inputs;

    private RnnFixture fixture;
    private Tensor input;
    /** [T, B, H] at every step, or null ({@code decaying}). */
    private Tensor gradOutput;
    /** [1, B, H] for {@code decaying}, else null. */
    private Tensor gradHn;
    private SgdUpdate sgd;

    @Setup(Level.Trial)
    public void setUp() {
        SeqShape s = BenchShapes.sequence(shape);
        ReferenceLimit.check(backend, s);
        fixture = RnnFixture.open(backend, CellType.parse(cell), s);
        DenormalInputs.applyParameters(fixture, inputs);
        input = DenormalInputs.input(fixture, inputs);
        if (DenormalInputs.DECAYING.equals(inputs)) {
            gradHn = SeededData.tensor(fixture.backend, RnnFixture.GRAD_SEED, 1, s.batch(), s.hidden());
        } else {
            gradOutput = SeededData.tensor(fixture.backend, RnnFixture.GRAD_SEED, s.steps(), s.batch(), s.hidden());
        }
        sgd = SgdUpdate.of(fixture.rnn);
        fixture.rnn.zeroGradients();
        try (ForwardResult f = fixture.rnn.forward(input, null, null, null, RunOptions.TRAINING);
             BackwardResult b = fixture.rnn.backward(f.tape(), gradOutput, gradHn, null)) {
            System.out.printf("%n%s %s %s %s: subnormal share of the output %.3f, input gradient %.3f,"
                            + " parameter gradients %.3f%n", backend, cell, shape, inputs,
                    DenormalInputs.subnormalShare(fixture.backend.toHost(f.output())),
                    DenormalInputs.subnormalShare(fixture.backend.toHost(b.gradInput())),
                    DenormalInputs.subnormalShare(fixture.backend.toHost(fixture.rnn.gradients())));
        }
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        fixture.rnn.zeroGradients();
        try (ForwardResult f = fixture.rnn.forward(input, null, null, null, RunOptions.TRAINING);
             BackwardResult b = fixture.rnn.backward(f.tape(), gradOutput, gradHn, null)) {
            bh.consume(f.output());
            bh.consume(b.gradInput());
        }
        sgd.apply(0f);
        bh.consume(fixture.rnn.parameters());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (gradOutput != null) {
            gradOutput.close();
        }
        if (gradHn != null) {
            gradHn.close();
        }
        input.close();
        fixture.close();
    }
}
