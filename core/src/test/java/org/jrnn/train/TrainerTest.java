package org.jrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.metrics.Classification;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.jrnn.train.optim.ParamGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trainer on the reference backend: small tasks learnt to a known result, determinism, resume, edge cases. */
class TrainerTest {
    private static Backend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        backend = new ReferenceBackend();
    }

    @AfterAll
    static void close() {
        assertEquals(0, backend.memoryInUse().tensors(), "every tensor closed");
        backend.close();
    }

    /** Sequences of T values in [-1, 1]; the target is their sum (a counter the cell must learn). */
    static SequenceDataset sums(int n, int T, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * T];
        float[] y = new float[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + r.nextInt(T);
            for (int t = 0; t < lengths[i]; t++) {
                x[i * T + t] = (float) (r.nextDouble() * 2 - 1);
                y[i] += x[i * T + t];
            }
        }
        return SequenceDataset.ofFeatures(x, n, T, 1, lengths, y, n, 1);
    }

    /** Token sequences of "(" (id 2) and ")" (id 3), padded with 0: class 1 when they balance. */
    static SequenceDataset brackets(int n, int T, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] tokens = new int[n * T];
        int[] lengths = new int[n];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 2 * (1 + r.nextInt(T / 2));
            lengths[i] = len;
            boolean balanced = r.nextBoolean();
            int depth = 0;
            for (int t = 0; t < len; t++) {
                boolean open = balanced ? (depth == 0 || (len - t > depth && r.nextBoolean())) : r.nextBoolean();
                tokens[i * T + t] = open ? 2 : 3;
                depth += open ? 1 : -1;
                if (balanced && depth > len - t - 1) {
                    open = false;
                }
            }
            int d = 0;
            boolean ok = true;
            for (int t = 0; t < len; t++) {
                d += tokens[i * T + t] == 2 ? 1 : -1;
                ok &= d >= 0;
            }
            classes[i] = ok && d == 0 ? 1 : 0;
        }
        return SequenceDataset.ofTokens(tokens, n, T, lengths, classes);
    }

    static ModelSpec sumModel(CellType cell) {
        return new ModelSpec(null, new RnnSpec(cell, 1, 8, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(1));
    }

    record Run(float[] weights, TrainingReport report) {}

    static Run train(ModelSpec spec, SequenceDataset data, SequenceDataset val, TrainerConfig config,
                     OptimizerSpec opt, Loss loss) {
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, opt, List.of());
             Trainer t = new Trainer(model, o, loss, config)) {
            TrainingReport r = t.fit(data, val);
            return new Run(backend.toHost(model.parameters().flat()), r);
        }
    }

    @Test
    void learnsToAddNumbers() {
        SequenceDataset train = sums(256, 6, 1);
        SequenceDataset val = sums(64, 6, 2);
        Run r = train(sumModel(CellType.GRU), train, val, TrainerConfig.of(30, 16, 5),
                OptimizerSpec.adam(0.02f), Loss.of(Loss.Kind.MSE));
        double baseline = variance(val.targets());
        EpochSummary last = r.report().last();
        assertTrue(last.validationLoss() < 0.05 * baseline, "validation MSE " + last.validationLoss()
                + " vs predicting the mean " + baseline);
    }

    @Test
    void learnsToCountBrackets() {
        SequenceDataset train = brackets(400, 10, 3);
        SequenceDataset val = brackets(100, 10, 4);
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(4, 4, 0), new RnnSpec(CellType.LSTM, 4, 12, 1, false, true, 0f),
                Readout.LAST, new HeadSpec(8, Activation.TANH, 0f, 2));
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.02f), List.of(ParamGroup.noDecayOnBiases()));
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), TrainerConfig.of(25, 32, 9))) {
            t.fit(train, val);
            Predictions p = t.evaluate(val);
            double accuracy = Classification.accuracy(p.predictedClasses(), val.classes());
            double majority = majority(val.classes());
            assertTrue(accuracy > 0.9 && accuracy > majority + 0.2, "accuracy " + accuracy + ", majority " + majority);
        }
    }

    @Test
    void learnsToCopyEveryStep() {
        // Many-to-many: output at each step the input of the step before (0 at the first).
        int n = 200, T = 8;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * T];
        float[] y = new float[n * T];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 3 + r.nextInt(T - 2);
            for (int t = 0; t < T; t++) {
                x[i * T + t] = t < lengths[i] ? (float) (r.nextDouble() * 2 - 1) : 0f;
                y[i * T + t] = t > 0 && t < lengths[i] ? x[i * T + t - 1] : 0f;
            }
        }
        SequenceDataset data = SequenceDataset.ofFeatures(x, n, T, 1, lengths, y, n, T, 1);
        ModelSpec spec = new ModelSpec(null, new RnnSpec(CellType.LSTM, 1, 10, 1, false, true, 0f), Readout.ALL,
                HeadSpec.linear(1));
        Run run = train(spec, data, data, TrainerConfig.of(40, 20, 7), OptimizerSpec.adam(0.02f), Loss.of(Loss.Kind.MSE));
        assertTrue(run.report().last().validationLoss() < 0.02, "copy MSE " + run.report().last().validationLoss()
                + " (the inputs' variance is 0.33)");
    }

    @Test
    void sameSeedSameWeightsBitForBit() {
        SequenceDataset data = sums(64, 5, 1);
        TrainerConfig c = TrainerConfig.of(2, 8, 11);
        Run a = train(sumModel(CellType.LSTM), data, null, c, OptimizerSpec.adam(0.01f), Loss.of(Loss.Kind.MSE));
        Run b = train(sumModel(CellType.LSTM), data, null, c, OptimizerSpec.adam(0.01f), Loss.of(Loss.Kind.MSE));
        assertArrayEquals(a.weights(), b.weights());
        Run other = train(sumModel(CellType.LSTM), data, null, TrainerConfig.of(2, 8, 12), OptimizerSpec.adam(0.01f),
                Loss.of(Loss.Kind.MSE));
        assertFalse(java.util.Arrays.equals(a.weights(), other.weights()), "another shuffle seed, other weights");
    }

    @Test
    void resumingFromACheckpointIsBitExact() throws Exception {
        SequenceDataset data = brackets(50, 8, 2);
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(4, 3, 0), new RnnSpec(CellType.GRU, 3, 5, 2, true, true, 0.3f),
                Readout.MEAN, new HeadSpec(4, Activation.RELU, 0.2f, 2));
        TrainerConfig config = TrainerConfig.of(3, 8, 21).withClipNorm(0.5f);
        OptimizerSpec opt = OptimizerSpec.adamW(0.01f, 0.9f, 0.999f, 1e-8f, 0.01f);
        Loss loss = Loss.of(Loss.Kind.CE);
        float[] straight = train(spec, data, null, config, opt, loss).weights();

        Path file = dir.resolve("ckpt.safetensors");
        // Stop after 10 steps (inside epoch 2: 7 batches per epoch), save, and continue in fresh objects.
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss,
                     config.withMaxSteps(10))) {
            TrainingReport r = t.fit(data, null);
            assertEquals(10, r.steps());
            assertEquals(1, r.finalState().epoch());
            assertEquals(3, r.finalState().batch());
            Checkpoint.save(file, model, o, t, r.finalState(), java.util.Map.of("note", "halfway"));
        }
        try (SequenceModel model = SequenceModel.create(backend, Checkpoint.spec(file));
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            Checkpoint.Restored restored = Checkpoint.restore(file, model, o, t);
            assertEquals("halfway", restored.extras().get("note"));
            t.fit(data, null, restored.state());
            assertArrayEquals(straight, backend.toHost(model.parameters().flat()), "resumed = uninterrupted");
        }
    }

    @Test
    void resumingRestoresTheReduceOnPlateauState() throws Exception {
        // patience 0 and a large threshold: the learning rate drops after most epochs, so a schedule restarted from
        // scratch (its best and bad-epoch count lost) would give other weights.
        SequenceDataset data = sums(48, 5, 1);
        SequenceDataset val = sums(16, 5, 2);
        ModelSpec spec = sumModel(CellType.LSTM);
        TrainerConfig config = TrainerConfig.of(6, 8, 9);
        OptimizerSpec opt = OptimizerSpec.adam(0.05f);
        Loss loss = Loss.of(Loss.Kind.MSE);
        org.jrnn.train.schedule.PlateauConfig pc = new org.jrnn.train.schedule.PlateauConfig(
                org.jrnn.train.schedule.PlateauConfig.Mode.MIN, 0.5, 0, 0.5,
                org.jrnn.train.schedule.PlateauConfig.ThresholdMode.REL, 0, 0.0, 1e-8);
        float[] straight;
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            t.reduceOnPlateau(new org.jrnn.train.schedule.ReduceLrOnPlateau(pc, opt.lr()));
            t.fit(data, val);
            straight = backend.toHost(model.parameters().flat());
        }
        Path file = dir.resolve("plateau.safetensors");
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, opt, List.of());
             Trainer t = new Trainer(model, o, loss, config.withMaxSteps(20))) {
            t.reduceOnPlateau(new org.jrnn.train.schedule.ReduceLrOnPlateau(pc, opt.lr()));
            TrainingReport r = t.fit(data, val);
            assertTrue(o.learningRate() < opt.lr(), "the schedule has lowered the rate by step 20: " + o.learningRate());
            Checkpoint.save(file, model, o, t, r.finalState(), null);
        }
        try (SequenceModel model = SequenceModel.create(backend, spec);
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            t.reduceOnPlateau(new org.jrnn.train.schedule.ReduceLrOnPlateau(pc, opt.lr()));
            t.fit(data, val, Checkpoint.restore(file, model, o, t).state());
            assertArrayEquals(straight, backend.toHost(model.parameters().flat()), "resumed = uninterrupted");
        }
        try (SequenceModel model = SequenceModel.create(backend, spec);
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(file, model, o, t));
            assertTrue(e.getMessage().contains("was saved with a reduce-on-plateau schedule"), e.getMessage());
            t.reduceOnPlateau(new org.jrnn.train.schedule.ReduceLrOnPlateau(pc.withPatience(3), opt.lr()));
            e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(file, model, o, t));
            assertTrue(e.getMessage().contains("of another config"), e.getMessage());
        }
    }

    @Test
    void aCheckpointAfterAnEpochsLastBatchResumesWithThatEpochsValidation() throws Exception {
        // Saved from a listener after the epoch's last batch, before its validation: the resumed run must still
        // validate that epoch (early stopping's best and its weights), as the uninterrupted run did.
        SequenceDataset data = sums(56, 5, 1);
        SequenceDataset val = sums(24, 5, 2);
        TrainerConfig config = TrainerConfig.of(5, 8, 4)
                .withEarlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, 5, 0f, true));
        OptimizerSpec opt = OptimizerSpec.adam(0.05f);
        Loss loss = Loss.of(Loss.Kind.MSE);
        float[] straight = train(sumModel(CellType.GRU), data, val, config, opt, loss).weights();
        Path file = dir.resolve("epoch-end.safetensors");
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.GRU)).initialize(3);
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            t.addListener(new TrainingListener() {
                @Override
                public void batchFinished(BatchEvent e) {
                    if (e.step() == 14) { // the last of epoch 1's 7 batches
                        assertEquals(new TrainerState(1, 7, 14, e.state().best(), 0, 0), e.state());
                        try {
                            Checkpoint.save(file, model, o, t, e.state(), null);
                        } catch (java.io.IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                }
            });
            t.fit(data, val);
        }
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.GRU));
             Optimizer o = new Optimizer(model, opt, List.of()); Trainer t = new Trainer(model, o, loss, config)) {
            TrainingReport r = t.fit(data, val, Checkpoint.restore(file, model, o, t).state());
            assertEquals(1, r.epochs().getFirst().epoch(), "the resumed run starts with epoch 1's validation");
            assertArrayEquals(straight, backend.toHost(model.parameters().flat()), "resumed = uninterrupted");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(data, val, new TrainerState(0, 8, 0, Double.NaN, 0, 0)));
            assertTrue(e.getMessage().contains("batch 8 of epoch 0: the epoch has 7 batches"), e.getMessage());
        }
    }

    @Test
    void checkpointsOfAnotherKindOrSpecAreRefused() throws Exception {
        Path model = dir.resolve("model.safetensors");
        try (SequenceModel m = SequenceModel.create(backend, sumModel(CellType.GRU)).initialize(1)) {
            ModelWeights.save(m, model, null);
            try (Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.1f), List.of())) {
                var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(model, m, o, null));
                assertTrue(e.getMessage().contains("not a jrnn training checkpoint"), e.getMessage());
                Path ckpt = dir.resolve("ckpt.safetensors");
                Checkpoint.save(ckpt, m, o, null, TrainerState.START, null);
                try (SequenceModel other = SequenceModel.create(backend, sumModel(CellType.LSTM));
                     Optimizer o2 = new Optimizer(other, OptimizerSpec.adam(0.1f), List.of())) {
                    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(ckpt, other, o2, null));
                    assertTrue(e.getMessage().contains("another model"), e.getMessage());
                }
                Files.write(ckpt, java.util.Arrays.copyOf(Files.readAllBytes(ckpt), 40));
                assertThrows(java.io.IOException.class, () -> Checkpoint.restore(ckpt, m, o, null));
            }
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        SequenceDataset train = sums(64, 5, 1);
        SequenceDataset val = sums(32, 5, 9);
        // A learning rate so high that validation gets worse after an early best.
        TrainerConfig c = TrainerConfig.of(30, 8, 3).withEarlyStopping(EarlyStopping.onValidationLoss(2));
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.RNN_TANH)).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.sgd(0.5f, 0.9f, 0f, false, 0f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.MSE), c.withSkipNonFinite(true))) {
            TrainingReport r = t.fit(train, val);
            assertTrue(r.stoppedEarly(), "stopped early");
            EpochSummary best = r.epochs().get(r.restoredEpoch());
            double restoredLoss = t.evaluate(val).loss();
            assertEquals(best.validationLoss(), restoredLoss, 1e-9, "the restored weights are the best epoch's");
            for (EpochSummary e : r.epochs()) {
                assertTrue(!(e.validationLoss() < best.validationLoss()), "no epoch beat the restored one");
            }
        }
    }

    @Test
    void nonFiniteLossStopsWithTheLastGoodWeightsOrIsSkipped() {
        SequenceDataset data = sums(32, 4, 1);
        data.features()[5] = Float.NaN; // row 1
        TrainerConfig c = TrainerConfig.of(1, 8, 1).withShuffle(false);
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.GRU)).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.MSE), c)) {
            float[] before = backend.toHost(model.parameters().flat());
            var e = assertThrows(NonFiniteLossException.class, () -> t.fit(data, null));
            assertTrue(e.getMessage().contains("epoch 1, batch 1") && e.getMessage().contains("learning rate"),
                    e.getMessage());
            assertArrayEquals(before, backend.toHost(model.parameters().flat()), "no step was taken");
        }
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.GRU)).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.MSE), c.withSkipNonFinite(true))) {
            TrainingReport r = t.fit(data, null);
            assertEquals(1, r.skippedBatches());
            assertEquals(3, r.steps());
            for (float v : backend.toHost(model.parameters().flat())) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void frozenModulesGetNoUpdatesAndNoState() {
        SequenceDataset data = brackets(40, 6, 1);
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(4, 3, 0), new RnnSpec(CellType.LSTM, 3, 5, 1, false, true, 0f),
                Readout.LAST, HeadSpec.linear(2));
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.05f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), TrainerConfig.of(2, 8, 1))) {
            model.freeze("embedding", "rnn");
            float[] rnnBefore = backend.toHost(model.parameters().value("rnn.weight_hh_l0"));
            float[] embBefore = backend.toHost(model.parameters().value("embedding.weight"));
            float[] headBefore = backend.toHost(model.parameters().value("head.weight"));
            t.fit(data, null);
            assertArrayEquals(rnnBefore, backend.toHost(model.parameters().value("rnn.weight_hh_l0")));
            assertArrayEquals(embBefore, backend.toHost(model.parameters().value("embedding.weight")));
            assertFalse(java.util.Arrays.equals(headBefore, backend.toHost(model.parameters().value("head.weight"))));
            assertEquals(List.of("head.weight", "head.bias"), o.parametersWithState());
            model.unfreeze("rnn");
            t.fit(data, null);
            assertFalse(java.util.Arrays.equals(rnnBefore, backend.toHost(model.parameters().value("rnn.weight_hh_l0"))));
            assertTrue(o.parametersWithState().contains("rnn.weight_hh_l0"));
        }
    }

    @Test
    void truncatedBpttWithAWholeWindowEqualsFullBptt() {
        int n = 24, T = 6;
        SplittableRandom r = new SplittableRandom(8);
        float[] x = new float[n * T];
        float[] y = new float[n * T];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + r.nextInt(T);
            for (int t = 0; t < T; t++) {
                x[i * T + t] = (float) r.nextDouble();
                y[i * T + t] = (float) r.nextDouble();
            }
        }
        SequenceDataset data = SequenceDataset.ofFeatures(x, n, T, 1, lengths, y, n, T, 1);
        ModelSpec spec = new ModelSpec(null, new RnnSpec(CellType.LSTM, 1, 4, 2, false, true, 0f), Readout.ALL,
                HeadSpec.linear(1));
        TrainerConfig c = TrainerConfig.of(2, 8, 4);
        float[] full = train(spec, data, null, c, OptimizerSpec.adam(0.01f), Loss.of(Loss.Kind.MSE)).weights();
        float[] window = train(spec, data, null, c.withTbptt(T), OptimizerSpec.adam(0.01f), Loss.of(Loss.Kind.MSE))
                .weights();
        assertArrayEquals(full, window, "one window of all T steps is full BPTT");
        Run truncated = train(spec, data, null, c.withTbptt(2), OptimizerSpec.adam(0.01f), Loss.of(Loss.Kind.MSE));
        assertEquals(2L * 3 * 3, truncated.report().steps(), "3 batches x 3 windows per epoch");
        assertFalse(java.util.Arrays.equals(full, truncated.weights()));
    }

    @Test
    void badDataIsNamed() {
        SequenceDataset tokens = brackets(10, 4, 1);
        try (SequenceModel model = SequenceModel.create(backend, sumModel(CellType.GRU));
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 4, 1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.fit(tokens, null));
            assertTrue(e.getMessage().contains("tokens"), e.getMessage());
        }
        ModelSpec small = new ModelSpec(new EmbeddingSpec(3, 2, 0), new RnnSpec(CellType.GRU, 2, 3, 1, false, true, 0f),
                Readout.LAST, HeadSpec.linear(2));
        try (SequenceModel model = SequenceModel.create(backend, small);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), TrainerConfig.of(1, 4, 1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.fit(tokens, null));
            assertTrue(e.getMessage().contains("token id 3") && e.getMessage().contains("[0, 3)"), e.getMessage());
        }
    }

    static double variance(float[] v) {
        double m = 0;
        for (float f : v) {
            m += f;
        }
        m /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - m) * (f - m);
        }
        return s / v.length;
    }

    static double majority(int[] classes) {
        int ones = 0;
        for (int c : classes) {
            ones += c;
        }
        return Math.max(ones, classes.length - ones) / (double) classes.length;
    }

    @Test
    void schedulesSetTheLearningRateEachEpochAndMetricsCanBeMonitored() {
        SequenceDataset train = brackets(64, 6, 1);
        SequenceDataset val = brackets(32, 6, 2);
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(4, 3, 0), new RnnSpec(CellType.GRU, 3, 6, 1, false, true, 0f),
                Readout.LAST, HeadSpec.linear(2));
        var stepLr = new org.jrnn.train.schedule.StepLr(0.05, 2, 0.5);
        TrainerConfig c = TrainerConfig.of(5, 16, 3).withEarlyStopping(new EarlyStopping(
                Monitor.of(org.jrnn.train.metrics.Metric.ACCURACY), 10, 0f, true));
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(3);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.05f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), c)) {
            t.schedule(stepLr);
            TrainingReport r = t.fit(train, val);
            assertEquals(stepLr.lr(4), o.learningRate(), 1e-12, "epoch 5 runs at StepLR's rate for epoch 4");
            assertEquals(0.0125, o.learningRate(), 1e-9);
            assertEquals("val_accuracy", r.last().monitorName());
            double acc = Classification.accuracy(t.evaluate(val).predictedClasses(), val.classes());
            double best = r.epochs().stream().mapToDouble(EpochSummary::monitored).max().orElseThrow();
            assertEquals(best, acc, 1e-12, "the best accuracy's weights are restored");
        }
    }
}
