package org.jrnn.bench.jmh;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.SeqShape;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.Loss;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
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
 * A full training step through the {@link Trainer}: Embedding(V, I, padding 0) → one recurrent layer of H → readout
 * LAST → linear head to {@value #CLASSES} classes, softmax cross-entropy, Adam(lr 1e-3), as PyTorch's
 * {@code nn.Embedding + nn.LSTM + nn.Linear + CrossEntropyLoss + Adam}. The shape's B, T, I (= embedding dimension)
 * and H come from {@link BenchShapes}.
 *
 * <p>One operation is one optimizer step on one batch of B sequences, everything the trainer does for it included:
 * gathering the batch's rows on the host and copying them to the backend, zeroing the gradients, forward, loss,
 * backward, the gradient norm and its read-back, the Adam update. An invocation is {@code trainer.fit} (one epoch, no
 * shuffling, no validation) over a dataset of exactly one batch, the next of {@value #BATCHES} seeded batches in
 * turn, so that every JMH sample is one step (as PyTorch's timed calls). fit's own per-call work (checking B*T token
 * ids, a batch loader and its few small buffers, a report object) is counted too: by estimate tens of microseconds against a
 * step of over 100 ms at the sentiment shape.
 *
 * <p>{@code lengths=full}: every sequence has T steps (the report's variant, the one PyTorch runs); {@code ragged}:
 * lengths drawn uniformly in [T/2, T], padded with id 0 (the batch is trimmed to its longest sequence).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class ModelTrainStepBenchmark {
    public static final int VOCABULARY = 20_000;
    public static final int CLASSES = 2;
    public static final int BATCHES = 8;
    public static final float LEARNING_RATE = 1e-3f;
    /** The first ordinary token id: 0 is padding, 1 is left out as an unknown-word id would be. */
    public static final int FIRST_TOKEN = 2;
    static final long TOKEN_SEED = 7L;
    static final long CLASS_SEED = 11L;
    static final long LENGTH_SEED = 13L;

    @Param({"cpu-simd", "reference"})
    public String backend;

    @Param({"lstm"})
    public String cell;

    @Param({"sentiment"})
    public String shape;

    @Param({"full", "ragged"})
    public String lengths;

    private Backend be;
    private SequenceModel model;
    private Optimizer optimizer;
    private Trainer trainer;
    private SequenceDataset[] batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SeqShape s = BenchShapes.sequence(shape);
        ReferenceLimit.check(backend, s);
        SequenceDataset data = dataset(s, lengths);
        batches = new SequenceDataset[BATCHES];
        for (int k = 0; k < BATCHES; k++) {
            batches[k] = data.range(k * s.batch(), (k + 1) * s.batch());
        }
        be = Backends.select(backend).chosen().provider().create();
        try {
            model = SequenceModel.create(be, spec(CellType.parse(cell), s)).initialize(RnnFixture.PARAM_SEED);
            optimizer = new Optimizer(model, OptimizerSpec.adam(LEARNING_RATE), List.of());
            trainer = new Trainer(model, optimizer, Loss.of(Loss.Kind.CE), new TrainerConfig(1, 0, s.batch(), false,
                    RnnFixture.PARAM_SEED, Float.NaN, Float.NaN, false, 0, null));
        } catch (RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /** Embedding(V, I, 0) + one layer of {@code cell} (I → H) + LAST + Linear(H, 2). */
    public static ModelSpec spec(CellType cell, SeqShape s) {
        return new ModelSpec(new EmbeddingSpec(VOCABULARY, s.input(), 0), RnnSpec.of(cell, s.input(), s.hidden()),
                Readout.LAST, HeadSpec.linear(CLASSES));
    }

    /** {@value #BATCHES} batches of B sequences: token ids uniform in [2, V), class ids uniform in [0, 2). */
    public static SequenceDataset dataset(SeqShape s, String lengths) {
        int n = BATCHES * s.batch();
        int t = s.steps();
        int[] len = switch (lengths) {
            case "full" -> null;
            case "ragged" -> {
                SplittableRandom r = new SplittableRandom(LENGTH_SEED);
                int[] l = new int[n];
                for (int i = 0; i < n; i++) {
                    l[i] = r.nextInt((t + 1) / 2, t + 1);
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("lengths must be full or ragged, got '" + lengths + "'");
        };
        SplittableRandom r = new SplittableRandom(TOKEN_SEED);
        int[] tokens = new int[n * t];
        for (int i = 0; i < n; i++) {
            int valid = len == null ? t : len[i];
            for (int k = 0; k < valid; k++) {
                tokens[i * t + k] = r.nextInt(FIRST_TOKEN, VOCABULARY);  // the rest stays 0, the padding id
            }
        }
        SplittableRandom c = new SplittableRandom(CLASS_SEED);
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = c.nextInt(CLASSES);
        }
        return SequenceDataset.ofTokens(tokens, n, t, len, classes);
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        SequenceDataset batch = batches[next];
        next = (next + 1) % BATCHES;
        bh.consume(trainer.fit(batch, null));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (trainer != null) {
            trainer.close();
        }
        if (optimizer != null) {
            optimizer.close();
        }
        if (model != null) {
            model.close();
        }
        if (be != null) {
            be.close();
        }
    }
}
