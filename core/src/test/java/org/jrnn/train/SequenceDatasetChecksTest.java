package org.jrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsException;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Rows A9 to A13 and A15 of docs/bad-input.md: datasets, the trainer's data checks, model and checkpoint files. */
class SequenceDatasetChecksTest {
    @TempDir
    Path dir;

    private static String fails(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    private static final ModelSpec FEATURES = new ModelSpec(null, new RnnSpec(CellType.LSTM, 3, 4, 1, false, true, 0f),
            Readout.LAST, HeadSpec.linear(2));

    @Test
    void nonFiniteFeaturesAndTargets() {
        float[] x = new float[30];
        x[(5 + 2) * 3 + 1] = Float.NaN; // [1, 2, 1] of [2, 5, 3]
        assertTrue(fails(() -> SequenceDataset.ofFeatures(x, 2, 5, 3, null, new float[2], 2, 1))
                .startsWith("features[1, 2, 1] = NaN is not finite (shape [2, 5, 3])"));
        float[] y = {0f, 1f, Float.POSITIVE_INFINITY, 0f};
        assertTrue(fails(() -> SequenceDataset.ofFeatures(new float[30], 2, 5, 3, null, y, 2, 2))
                .startsWith("targets[1, 0] = Infinity is not finite"));
    }

    @Test
    void lengthsIdsAndShapes() {
        assertEquals("lengths[0] = 0 is outside [1, 5] (T = 5; every sequence needs at least one step)",
                fails(() -> SequenceDataset.ofFeatures(new float[30], 2, 5, 3, new int[] {0, 5}, new int[2])));
        assertTrue(fails(() -> SequenceDataset.ofFeatures(new float[30], 2, 5, 3, new int[] {6, 5}, new int[2]))
                .startsWith("lengths[0] = 6 is outside [1, 5]"));
        int[] tokens = new int[10];
        tokens[0] = -3;
        assertTrue(fails(() -> SequenceDataset.ofTokens(tokens, 2, 5, null, new int[2]))
                .startsWith("tokens[0, 0] = -3 is negative"));
        assertTrue(fails(() -> SequenceDataset.ofFeatures(new float[30], 2, 5, 3, null, new int[] {-1, 0}))
                .startsWith("classes[0] = -1 is negative"));
        assertTrue(fails(() -> SequenceDataset.ofFeatures(new float[0], 2, 5, 0, null, new int[2]))
                .startsWith("features need I >= 1"));
        assertTrue(fails(() -> SequenceDataset.ofFeatures(new float[30], 2, 5, 3, null, new float[0], 2, 0))
                .contains("every dimension must be >= 1"));
    }

    @Test
    void theTrainerChecksIdsAgainstTheModel() {
        try (Backend backend = new ReferenceBackend()) {
            try (SequenceModel m = SequenceModel.create(backend, FEATURES).initialize(1);
                 Optimizer o = new Optimizer(m, OptimizerSpec.sgd(0.1f, 0f, 0f, false, 0f), List.of());
                 Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.CE), TrainerConfig.of(1, 2, 1))) {
                SequenceDataset d = SequenceDataset.ofFeatures(new float[30], 2, 5, 3, null, new int[] {0, 5});
                assertTrue(fails(() -> t.fit(d, null)).contains("class id 5 at row 1 is outside [0, 2)"));
            }
            ModelSpec embedded = new ModelSpec(new EmbeddingSpec(7, 3, 0), FEATURES.rnn(), Readout.LAST,
                    HeadSpec.linear(2));
            try (SequenceModel m = SequenceModel.create(backend, embedded).initialize(1);
                 Optimizer o = new Optimizer(m, OptimizerSpec.sgd(0.1f, 0f, 0f, false, 0f), List.of());
                 Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.CE), TrainerConfig.of(1, 2, 1))) {
                int[] tokens = new int[10];
                tokens[1] = 9;
                SequenceDataset d = SequenceDataset.ofTokens(tokens, 2, 5, null, new int[2]);
                assertTrue(fails(() -> t.fit(d, null))
                        .contains("token id 9 at row 0, step 1 is outside the vocabulary [0, 7)"));
            }
        }
    }

    /** The file's tensors and metadata with some tensors or metadata replaced. */
    private static void rewrite(Path file, Map<String, SafeTensors.Tensor> tensors, Map<String, String> meta)
            throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        for (String n : f.names()) {
            t.put(n, f.tensor(n));
        }
        t.putAll(tensors);
        Map<String, String> m = new LinkedHashMap<>(f.metadata());
        m.putAll(meta);
        m.remove(SafeTensors.CRC_KEY);
        SafeTensors.write(file, t, m);
    }

    @Test
    void modelFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Backend backend = new ReferenceBackend()) {
            try (SequenceModel m = SequenceModel.create(backend, FEATURES).initialize(1)) {
                ModelWeights.save(m, file, null);
            }
            float[] w = new float[8];
            w[4] = Float.NaN; // [1, 0] of [2, 4]
            rewrite(file, Map.of("head.weight", SafeTensors.Tensor.f32(w, 2, 4)), Map.of());
            var e = assertThrows(SafeTensorsException.class, () -> ModelWeights.read(backend, file).close());
            assertTrue(e.getMessage().contains("tensor 'head.weight' holds NaN at [1, 0] (shape [2, 4])"),
                    e.getMessage());
            Path bare = dir.resolve("bare.safetensors");
            SafeTensors.write(bare, Map.of("x", SafeTensors.Tensor.f32(new float[1], 1)), Map.of());
            assertTrue(fails(() -> ModelWeights.read(backend, bare).close()).contains("holds no model spec"));
            assertEquals(0, backend.memoryInUse().tensors());
        }
    }

    @Test
    void checkpointBestWeightsAndEpoch() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        try (Backend backend = new ReferenceBackend();
             SequenceModel m = SequenceModel.create(backend, FEATURES).initialize(1);
             Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.1f), List.of());
             Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 2, 1))) {
            float[] best = new float[m.parameterCount()];
            best[3] = Float.NaN;
            t.restoreBestWeights(best, 0);
            Checkpoint.save(file, m, o, t, TrainerState.START, null);
            var e = assertThrows(SafeTensorsException.class, () -> Checkpoint.restore(file, m, o, t));
            assertTrue(e.getMessage().contains("tensor 'best.flat' holds NaN at [3]"), e.getMessage());
            rewrite(file, Map.of(Checkpoint.BEST, SafeTensors.Tensor.f32(new float[best.length], best.length)),
                    Map.of(Checkpoint.BEST_EPOCH_KEY, "x"));
            assertTrue(fails(() -> Checkpoint.restore(file, m, o, t))
                    .endsWith("jrnn.best_epoch is 'x', not an epoch number"));
        }
    }
}
