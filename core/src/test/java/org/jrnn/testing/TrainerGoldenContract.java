package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.ParameterSet;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.Loss;
import org.jrnn.train.Predictions;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainerState;
import org.jrnn.train.TrainingListener;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.ParamGroup;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole training runs against PyTorch (tools/golden/make_train_golden.py, files under {@code golden/train/}): the
 * model is built from the file's metadata (frozen modules included) and loaded from {@code init.*}, trained through
 * the {@link Trainer} with shuffling off for as many steps as PyTorch took, and after every step every parameter is
 * compared with {@code step<k>.*} and the batch loss with {@code losses[k]}; finally the trained model's predictions
 * over the whole data ({@link Trainer#evaluate}) with {@code eval_logits} and {@code eval_loss}. PyTorch ran in
 * float64 from the same float32 start, so the differences are the backend's float32 rounding, carried through
 * forward, backward, clipping and the optimizer over the steps. Prints one line per case and, at the end, the worst
 * errors per optimizer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TrainerGoldenContract {

    protected abstract Backend newBackend();

    /** For every parameter after every step, and for every batch loss. */
    protected abstract Tolerance tolerance();

    private Backend backend;
    /** Worst |err| per optimizer: parameters, batch and evaluation losses, evaluation logits. */
    private final Map<String, double[]> worst = new TreeMap<>();

    @BeforeAll
    void open() {
        backend = newBackend();
    }

    @AfterAll
    void close() {
        for (Map.Entry<String, double[]> e : worst.entrySet()) {
            System.out.printf(Locale.ROOT,
                    "train-golden %-8s worst for %-6s max|err| parameters %.2e loss %.2e logits %.2e%n",
                    backend.name(), e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
        }
        backend.close();
    }

    static List<String> cases() {
        List<String> names = GoldenCases.names("train/");
        assertFalse(names.isEmpty(), "no training golden files");
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainsLikePyTorch(String name) throws IOException {
        SafeTensorsFile f = SafeTensors.read(GoldenCases.extract("train/" + name));
        Map<String, String> meta = f.metadata();
        int steps = Integer.parseInt(meta.get("steps"));
        List<String> frozen = frozen(meta);
        Tolerance tol = tolerance();
        Run run = train(name, f, null, -1);
        List<Map<String, float[]>> snapshots = run.snapshots();
        List<Double> losses = run.losses();
        Predictions evaluation = run.evaluation();
        assertEquals(steps, snapshots.size(), name + ": batches");
        float[] wantLosses = f.floats("losses");
        double paramErr = 0;
        double lossErr = 0;
        for (int k = 0; k < steps; k++) {
            float[] gotLoss = {(float) (double) losses.get(k)};
            tol.assertClose(name + " loss of step " + k, gotLoss, new float[] {wantLosses[k]});
            lossErr = Math.max(lossErr, Tolerance.maxAbs(gotLoss, new float[] {wantLosses[k]}));
            for (Map.Entry<String, float[]> p : snapshots.get(k).entrySet()) {
                float[] want = f.floats("step" + k + "." + p.getKey());
                float[] before = f.floats((k == 0 ? "init." : "step" + (k - 1) + ".") + p.getKey());
                // The file must be able to fail us: every trained tensor moves by far more than the tolerance each
                // step; a frozen one stays exactly as it was.
                double moved = Tolerance.maxAbs(want, before);
                if (frozen.contains(p.getKey().substring(0, p.getKey().indexOf('.')))) {
                    assertEquals(0.0, moved, name + " frozen " + p.getKey() + " moved in PyTorch");
                } else {
                    assertTrue(moved > 10 * tol.atol(), name + " " + p.getKey() + " barely moves in step " + k + " ("
                            + moved + ")");
                }
                tol.assertClose(name + " " + p.getKey() + " after step " + k, p.getValue(), want);
                paramErr = Math.max(paramErr, Tolerance.maxAbs(p.getValue(), want));
            }
        }
        // The trained model in inference over all rows: logits, and the loss as a mean over the whole data.
        tol.assertClose(name + " evaluation logits", evaluation.logits(), f.floats("eval_logits"));
        float[] evalLoss = {(float) evaluation.loss()};
        tol.assertClose(name + " evaluation loss", evalLoss, f.floats("eval_loss"));
        lossErr = Math.max(lossErr, Tolerance.maxAbs(evalLoss, f.floats("eval_loss")));
        double logitErr = Tolerance.maxAbs(evaluation.logits(), f.floats("eval_logits"));
        double[] w = worst.computeIfAbsent(meta.get("optimizer"), o -> new double[3]);
        w[0] = Math.max(w[0], paramErr);
        w[1] = Math.max(w[1], lossErr);
        w[2] = Math.max(w[2], logitErr);
        System.out.printf(Locale.ROOT, "train-golden %-8s %-60s max|err| parameters %.2e loss %.2e logits %.2e%n",
                backend.name(), name, paramErr, lossErr, logitErr);
    }

    /**
     * A run stopped after two batches (model, optimizer state through its checkpoint file, trainer state) and resumed
     * in a fresh model, optimizer and trainer continues bit for bit as the uninterrupted run, as {@link Trainer}
     * promises; the uninterrupted run is the one compared with PyTorch above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumesBitForBit(String name) throws IOException {
        SafeTensorsFile f = SafeTensors.read(GoldenCases.extract("train/" + name));
        int steps = Integer.parseInt(f.metadata().get("steps"));
        Run whole = train(name, f, null, 2);
        Run resumed = train(name, f, whole.checkpoint(), -1);
        assertEquals(steps - 2, resumed.snapshots().size(), name + ": batches after resuming");
        for (int j = 0; j < steps - 2; j++) {
            assertEquals(whole.losses().get(2 + j), resumed.losses().get(j), name + " loss of batch " + (2 + j));
            for (Map.Entry<String, float[]> p : whole.snapshots().get(2 + j).entrySet()) {
                assertArrayEquals(p.getValue(), resumed.snapshots().get(j).get(p.getKey()),
                        name + " " + p.getKey() + " after batch " + (2 + j) + " of the resumed run");
            }
        }
        assertArrayEquals(whole.evaluation().logits(), resumed.evaluation().logits(), name + " evaluation logits");
    }

    /** What a run saw: parameters and loss after every batch, the final evaluation, and a checkpoint if asked. */
    private record Run(List<Map<String, float[]>> snapshots, List<Double> losses, Predictions evaluation,
                       Checkpoint checkpoint) {}

    /** A run's state after some batch: parameters, the optimizer's checkpoint file and JSON, the trainer state. */
    private record Checkpoint(Map<String, float[]> parameters, Path optimizerFile, String optimizerJson,
                              TrainerState state) {}

    /**
     * Trains the file's case from its {@code init.*} (or from {@code from}) to its last batch; with
     * {@code checkpointAfter} > 0 keeps a checkpoint taken after that many batches.
     */
    private Run train(String name, SafeTensorsFile f, Checkpoint from, int checkpointAfter) throws IOException {
        Map<String, String> meta = f.metadata();
        int steps = Integer.parseInt(meta.get("steps"));
        ModelSpec spec = modelSpec(meta);
        List<Map<String, float[]>> snapshots = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Checkpoint[] checkpoint = new Checkpoint[1];
        try (SequenceModel model = SequenceModel.create(backend, spec);
             Optimizer optimizer = new Optimizer(model, optimizerSpec(meta), groups(meta));
             Trainer trainer = new Trainer(model, optimizer, loss(meta), config(meta, steps))) {
            model.freeze(frozen(meta).toArray(String[]::new));
            for (ParameterSet.Entry e : model.parameters().entries()) {
                float[] v = from != null ? from.parameters().get(e.name())
                        : f.floats("init." + e.name(), longs(e.shape()));
                backend.copyFromHost(v, 0, model.parameters().value(e.name()));
            }
            if (from != null) {
                optimizer.loadState(SafeTensors.read(from.optimizerFile()), from.optimizerJson());
            }
            trainer.addListener(new TrainingListener() {
                @Override
                public void batchFinished(BatchEvent event) {
                    assertFalse(event.skipped(), name + ": batch " + event.batch() + " was skipped");
                    snapshots.add(ModelWeights.stateDict(model));
                    losses.add(event.loss());
                    if (snapshots.size() == checkpointAfter) {
                        checkpoint[0] = checkpoint(optimizer, snapshots.getLast(), event.state());
                    }
                }
            });
            SequenceDataset data = dataset(f, meta, spec);
            trainer.fit(data, null, from != null ? from.state() : TrainerState.START);
            return new Run(snapshots, losses, trainer.evaluate(data), checkpoint[0]);
        }
    }

    private static Checkpoint checkpoint(Optimizer optimizer, Map<String, float[]> parameters, TrainerState state) {
        try {
            Path file = Files.createTempFile("train-golden-optimizer-", ".safetensors");
            file.toFile().deleteOnExit();
            SafeTensors.write(file, optimizer.stateTensors(), Map.of());
            return new Checkpoint(parameters, file, optimizer.stateJson(), state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "no_decay_on_biases" or "module:<m>:lr:<x>", separated by ';', first match first (as in PyTorch's script). */
    static List<ParamGroup> groups(Map<String, String> m) {
        List<ParamGroup> groups = new ArrayList<>();
        if (!m.get("param_groups").equals("none")) {
            for (String g : m.get("param_groups").split(";")) {
                String[] p = g.split(":");
                groups.add(g.equals("no_decay_on_biases") ? ParamGroup.noDecayOnBiases()
                        : ParamGroup.module(p[1], Float.parseFloat(p[3])));
            }
        }
        return groups;
    }

    static List<String> frozen(Map<String, String> m) {
        return m.get("frozen").equals("none") ? List.of() : List.of(m.get("frozen").split(","));
    }

    static ModelSpec modelSpec(Map<String, String> m) {
        int vocabulary = Integer.parseInt(m.get("vocabulary"));
        EmbeddingSpec embedding = vocabulary > 0 ? new EmbeddingSpec(vocabulary,
                Integer.parseInt(m.get("embedding_dim")), Integer.parseInt(m.get("padding_idx"))) : null;
        RnnSpec rnn = new RnnSpec(CellType.parse(m.get("cell")), Integer.parseInt(m.get("input_size")),
                Integer.parseInt(m.get("hidden_size")), Integer.parseInt(m.get("num_layers")),
                Boolean.parseBoolean(m.get("bidirectional")), Boolean.parseBoolean(m.get("bias")), 0f);
        HeadSpec head = new HeadSpec(Integer.parseInt(m.get("head_hidden_units")),
                Activation.valueOf(m.get("head_activation").toUpperCase(Locale.ROOT)), 0f,
                Integer.parseInt(m.get("outputs")));
        return new ModelSpec(embedding, rnn, Readout.parse(m.get("readout")), head);
    }

    static OptimizerSpec optimizerSpec(Map<String, String> m) {
        float lr = number(m, "lr");
        float wd = number(m, "weight_decay");
        return switch (OptimizerSpec.Kind.parse(m.get("optimizer"))) {
            case SGD -> OptimizerSpec.sgd(lr, number(m, "momentum"), number(m, "dampening"),
                    Boolean.parseBoolean(m.get("nesterov")), wd);
            case ADAM -> OptimizerSpec.adam(lr, number(m, "beta1"), number(m, "beta2"), number(m, "eps"), wd);
            case ADAMW -> OptimizerSpec.adamW(lr, number(m, "beta1"), number(m, "beta2"), number(m, "eps"), wd);
        };
    }

    static Loss loss(Map<String, String> m) {
        String w = m.get("class_weights");
        float[] weights = null;
        if (!w.equals("none")) {
            String[] parts = w.split(",");
            weights = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                weights[i] = Float.parseFloat(parts[i]);
            }
        }
        return new Loss(Loss.Kind.parse(m.get("loss")), weights);
    }

    /**
     * In the data's order, {@code steps} batches (the run may wrap into later epochs; with truncated BPTT a batch
     * takes one optimizer step per window, and {@code optimizer_steps} counts them all).
     */
    static TrainerConfig config(Map<String, String> m, int steps) {
        return new TrainerConfig(steps, Long.parseLong(m.get("optimizer_steps")), Integer.parseInt(m.get("batch_size")),
                false, 0L, number(m, "clip_norm"), number(m, "clip_value"), false, Integer.parseInt(m.get("tbptt")),
                null);
    }

    static SequenceDataset dataset(SafeTensorsFile f, Map<String, String> m, ModelSpec spec) throws IOException {
        int[] lengths = ints(f.integers("lengths"));
        int n = lengths.length;
        boolean classes = m.get("loss").equals("ce");
        int[] targetShape = classes ? null : ints(f.shape("target"));
        if (spec.hasEmbedding()) {
            long[] s = f.shape("tokens");
            int[] tokens = ints(f.integers("tokens"));
            return classes ? SequenceDataset.ofTokens(tokens, n, (int) s[1], lengths, ints(f.integers("target")))
                    : SequenceDataset.ofTokens(tokens, n, (int) s[1], lengths, f.floats("target"), targetShape);
        }
        long[] s = f.shape("input");
        float[] x = f.floats("input");
        return classes ? SequenceDataset.ofFeatures(x, n, (int) s[1], (int) s[2], lengths, ints(f.integers("target")))
                : SequenceDataset.ofFeatures(x, n, (int) s[1], (int) s[2], lengths, f.floats("target"), targetShape);
    }

    /** A float hyper-parameter; "none" is NaN (the records' "not set"). */
    private static float number(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("golden metadata lacks '" + key + "'");
        }
        return v.equals("none") ? Float.NaN : Float.parseFloat(v);
    }

    private static int[] ints(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }

    private static long[] longs(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
