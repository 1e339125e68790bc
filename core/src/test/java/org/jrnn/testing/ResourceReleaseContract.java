package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.backend.MemoryUse;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.Predictor;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.tensor.Tensor;
import org.jrnn.train.Loss;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens and closes thousands of backends, networks, models, predictors, optimizers and trainers, some of whose
 * construction or calls throw, and checks that nothing stays behind: each backend's {@link Backend#memoryInUse()}
 * back to zero before it closes, the JVM's thread count (cpu-simd's GEMM workers) and its direct and mapped buffer
 * pools back to where they started. {@code -Djrnn.release.rounds=N} sets the number of backends (default {@link #defaultRounds()}, 500: each
 * round also opens 3 networks, 3 models, 2 predictors and 2 optimizers).
 */
public abstract class ResourceReleaseContract {
    private static final ModelSpec TOKENS = new ModelSpec(new EmbeddingSpec(20, 4, 0),
            new RnnSpec(CellType.LSTM, 4, 6, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(2));
    private static final RnnSpec GRU = new RnnSpec(CellType.GRU, 3, 5, 2, true, true, 0f);
    private static final RnnSpec STEP = new RnnSpec(CellType.LSTM, 3, 5, 2, false, true, 0f);

    @TempDir
    Path dir;

    protected abstract Backend newBackend();

    /** Backends opened and closed unless {@code -Djrnn.release.rounds} says otherwise. */
    protected int defaultRounds() {
        return 500;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void closingReleasesEverythingAlsoAfterExceptions() throws Exception {
        final int rounds = Integer.getInteger("jrnn.release.rounds", defaultRounds());
        round(0); // first use: class loading, the JDK's per-thread I/O buffers
        int threads = settledThreadCount(Integer.MAX_VALUE);
        long ours = jrnnThreads();
        long[] pools = bufferPools();
        for (int r = 1; r <= rounds; r++) {
            round(r);
        }
        int now = settledThreadCount(threads);
        assertTrue(now <= threads, "live threads after " + rounds + " backends closed: " + now + ", before "
                + threads);
        assertEquals(ours, jrnnThreads(), "jrnn-* threads (cpu-simd's GEMM workers)");
        long[] after = bufferPools();
        assertEquals(pools[0], after[0], "direct buffer bytes");
        assertEquals(pools[1], after[1], "mapped buffer bytes");
    }

    /** One backend's life: everything opened on it is closed, some after an exception; nothing is left. */
    private void round(int r) throws Exception {
        Backend backend = newBackend();
        try {
            networks(backend, r);
            models(backend, r);
            if (r % 100 == 0) {
                Path file = dir.resolve("m.safetensors");
                try (SequenceModel m = SequenceModel.create(backend, TOKENS).initialize(r)) {
                    ModelWeights.save(m, file, Map.of());
                }
                try (SequenceModel m = ModelWeights.read(backend, file)) {
                    assertEquals(TOKENS, m.spec());
                }
                Files.delete(file);
            }
            assertEquals(new MemoryUse(0, 0), backend.memoryInUse(), "round " + r + ": every tensor freed");
        } finally {
            backend.close();
        }
    }

    private static void networks(Backend backend, int r) {
        int T = 1 + r % 4, B = 1 + r % 3;
        try (Rnn rnn = backend.createRnn(GRU); Tensor x = backend.allocate(T, B, 3);
             Tensor wrongWidth = backend.allocate(T, B, 4)) {
            int[] lengths = new int[B];
            java.util.Arrays.fill(lengths, T);
            try (ForwardResult f = rnn.forward(x, null, null, lengths, RunOptions.training(r));
                 BackwardResult g = rnn.backward(f.tape(), f.output(), null, null)) {
                assertEquals(T * B * 3, g.gradInput().size());
            }
            assertThrows(IllegalArgumentException.class,
                    () -> rnn.forward(wrongWidth, null, null, lengths, RunOptions.INFERENCE));
            int[] tooLong = lengths.clone();
            tooLong[0] = T + 1;
            assertThrows(IllegalArgumentException.class,
                    () -> rnn.forward(x, null, null, tooLong, RunOptions.training(r)));
            // A tape left open is the network's to free at close.
            ForwardResult open = rnn.forward(x, null, null, lengths, RunOptions.training(r));
            assertEquals(T, open.output().dim(0));
        }
        try (Rnn streaming = backend.createRnn(STEP); RnnState s = streaming.newState(B);
             Tensor step = backend.allocate(B, 3); Tensor out = backend.allocate(B, 5)) {
            streaming.step(step, s, out);
        }
        // Parameters of the wrong size: refused without keeping anything.
        try (Tensor p = backend.allocate(7); Tensor g = backend.allocate(7)) {
            assertThrows(IllegalArgumentException.class, () -> backend.createRnn(GRU, p, g));
        }
    }

    private static void models(Backend backend, int r) {
        int[] tokens = {1, 2, 3, 4, 5, 6};
        try (SequenceModel model = SequenceModel.create(backend, TOKENS).initialize(r);
             Optimizer adam = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Predictor p = model.predictor()) {
            assertEquals(4, p.predictTokens(tokens, 2, 3, new int[] {3, 1}).length);
            int[] outOfVocabulary = {1, 2, 99};
            assertThrows(IllegalArgumentException.class, () -> p.predictTokens(outOfVocabulary, 1, 3, new int[] {3}));
            assertEquals(4, p.predictTokens(tokens, 2, 3, new int[] {2, 3}).length, "usable after the failure");
            // A training forward whose backward is refused: the model frees the tape at close.
            try (Tensor ids = backend.fromHost(tokens, 3, 2); Tensor lengths = backend.fromHost(new int[] {3, 2}, 2);
                 Tensor wrong = backend.allocate(2, 5)) {
                model.forward(new org.jrnn.nn.ModelInput(null, ids, new int[] {3, 2}, lengths), true, r);
                assertThrows(IllegalArgumentException.class, () -> model.backward(wrong));
            }
            Predictor unclosedByUser = model.predictor();
            unclosedByUser.close();
            adam.step();
        }
        // A trainer refused at construction (truncated BPTT needs readout all) holds nothing.
        try (SequenceModel model = SequenceModel.create(backend, TOKENS);
             Optimizer sgd = new Optimizer(model, OptimizerSpec.sgd(0.1f, 0f, 0f, false, 0f), List.of())) {
            assertThrows(IllegalArgumentException.class, () -> new Trainer(model, sgd, Loss.of(Loss.Kind.CE),
                    TrainerConfig.of(1, 2, 1).withTbptt(2)));
        }
    }

    /** Live threads once exiting ones are gone: waits (up to 5 s) for the count to fall to {@code target}. */
    private static int settledThreadCount(int target) throws InterruptedException {
        var mx = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (mx.getThreadCount() > target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return mx.getThreadCount();
    }

    private static long jrnnThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jrnn-")).count();
    }

    /** Bytes in the JVM's direct and mapped buffer pools. */
    private static long[] bufferPools() {
        long direct = 0, mapped = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                direct = b.getMemoryUsed();
            } else if (b.getName().equals("mapped")) {
                mapped = b.getMemoryUsed();
            }
        }
        return new long[] {direct, mapped};
    }
}
