package org.jrnn.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.tensor.ElementType;
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
 * The embedding lookup and its gradient at the sentiment example's shape: ids int32 [T = 200, B = 64] drawn from a
 * fixed seed over a vocabulary of 20 000 (id 0, the padding id, included), table and its gradient [20 000, 128], rows
 * [T·B, 128]. {@code gatherRows} moves 12 800 rows of 512 bytes out of a 10 MB table; {@code scatterAddRows} adds
 * them back (padding rows skipped). Average time per call, µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"})
public class EmbeddingBenchmark {
    public static final int BATCH = 64;
    public static final int STEPS = 200;
    public static final int EMBEDDING = 128;
    public static final int VOCABULARY = 20_000;
    public static final int PADDING_ID = 0;
    public static final long IDS_SEED = 13L;

    @Param({"cpu-simd", "reference"})
    public String backend;

    private Backend be;
    private Tensor table;
    private Tensor ids;
    private Tensor rows;
    private Tensor dRows;
    private Tensor dTable;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.select(backend).chosen().provider().create();
        table = SeededData.tensor(be, RnnFixture.PARAM_SEED, VOCABULARY, EMBEDDING);
        ids = be.fromHost(seededIds(STEPS * BATCH), STEPS, BATCH);
        rows = be.allocate(STEPS, BATCH, EMBEDDING);
        dRows = SeededData.tensor(be, RnnFixture.GRAD_SEED, STEPS, BATCH, EMBEDDING);
        dTable = be.allocate(VOCABULARY, EMBEDDING);
    }

    /** Uniform over the vocabulary, the padding id included. */
    static int[] seededIds(int n) {
        SplittableRandom r = new SplittableRandom(IDS_SEED);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(VOCABULARY);
        }
        return out;
    }

    @Benchmark
    public void gatherRows(Blackhole bh) {
        be.ops().gatherRows(table, ids, rows);
        bh.consume(rows);
    }

    @Benchmark
    public void scatterAddRows(Blackhole bh) {
        // Accumulates across invocations, as gradient accumulation would; the values stay finite over any run.
        be.ops().scatterAddRows(dRows, ids, PADDING_ID, dTable);
        bh.consume(dTable);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {table, ids, rows, dRows, dTable}) {
            t.close();
        }
        be.close();
    }
}
