package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.io.SafeTensors;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.Loss;
import org.jrnn.train.Predictions;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn train} end to end on tiny files the test writes, and every contradiction as one error line. */
class TrainCommandTest {
    static final int N = 10;
    static final int T = 5;
    static final int I = 3;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ data

    /** input [N, T, I] in [-1, 1), lengths [N] in [2, T]. */
    static Map<String, SafeTensors.Tensor> features(Random rnd) {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        m.put("input", SafeTensors.Tensor.f32(TestData.random(rnd, N * T * I, 1f), N, T, I));
        m.put("lengths", SafeTensors.Tensor.i64(lengths(rnd), N));
        return m;
    }

    /** tokens [N, T] int64 in [0, 7), lengths [N] int32. */
    static Map<String, SafeTensors.Tensor> tokens(Random rnd) {
        long[] ids = new long[N * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(7);
        }
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        m.put("tokens", SafeTensors.Tensor.i64(ids, N, T));
        int[] len = Arrays.stream(lengths(rnd)).mapToInt(l -> (int) l).toArray();
        m.put("lengths", SafeTensors.Tensor.i32(len, N));
        return m;
    }

    static long[] lengths(Random rnd) {
        long[] l = new long[N];
        for (int i = 0; i < N; i++) {
            l[i] = 2 + rnd.nextInt(T - 1);
        }
        return l;
    }

    static SafeTensors.Tensor floatTarget(Random rnd, float scale, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return SafeTensors.Tensor.f32(TestData.random(rnd, n, scale), TestData.longs(shape));
    }

    static SafeTensors.Tensor binaryTarget(Random rnd, int... shape) {
        float[] y = TestData.random(rnd, Arrays.stream(shape).reduce(1, (a, b) -> a * b), 1f);
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] > 0 ? 1f : 0f;
        }
        return SafeTensors.Tensor.f32(y, TestData.longs(shape));
    }

    static SafeTensors.Tensor classTarget(Random rnd, int classes) {
        long[] c = new long[N];
        for (int i = 0; i < N; i++) {
            c[i] = rnd.nextInt(classes);
        }
        return SafeTensors.Tensor.i64(c, N);
    }

    private Path write(String name, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        Path p = dir.resolve(name);
        SafeTensors.write(p, tensors, Map.of());
        return p;
    }

    private Path featuresMse() throws IOException {
        Random rnd = new Random(1);
        Map<String, SafeTensors.Tensor> m = features(rnd);
        m.put("target", floatTarget(rnd, 1f, N, 2));
        return write("mse.safetensors", m);
    }

    private Path tokensCe() throws IOException {
        Random rnd = new Random(2);
        Map<String, SafeTensors.Tensor> m = tokens(rnd);
        m.put("target", classTarget(rnd, 3));
        return write("tokens-ce.safetensors", m);
    }

    // ------------------------------------------------------------------ runs

    private Path out() {
        return dir.resolve("w.safetensors");
    }

    /** The arguments of a small run; {@code more} come last (later values of an option win). */
    private Cli.Result train(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out().toString(),
                "--backend", "reference", "--batch", "4", "--seed", "7"));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The model's predictions and mean loss over the data file's examples. */
    private static Predictions predict(SequenceModel m, SequenceDataset d, Loss.Kind loss) {
        try (Optimizer opt = new Optimizer(m, OptimizerSpec.adam(0f), List.of());
             Trainer t = new Trainer(m, opt, Loss.of(loss), TrainerConfig.of(1, 4, 0))) {
            return t.evaluate(d);
        }
    }

    private static SequenceDataset dataset(Path data, TrainingData.Expect want) throws IOException {
        return TrainingData.load(SafeTensors.read(data), want);
    }

    /**
     * Trains, then checks that the file loads as a model of the expected parameter names, that its predictions differ
     * from those of its seeded initialisation, and that it fits the training data better than that initialisation.
     */
    private void trainsAndImproves(Path data, TrainingData.Expect want, String... flags) throws IOException {
        Cli.Result r = train(data, flags);
        assertEquals(0, r.exit(), r::toString);
        SequenceDataset d = dataset(data, want);
        try (Backend b = Backends.create("reference");
             SequenceModel trained = ModelWeights.read(b, out());
             SequenceModel init = SequenceModel.create(b, trained.spec()).initialize(7)) {
            assertEquals(want.readout(), trained.spec().readout());
            assertEquals(want.outputs(), trained.spec().head().outputs());
            assertEquals(want.embedding(), trained.spec().hasEmbedding());
            List<String> names = trained.parameters().entries().stream().map(e -> e.name()).toList();
            assertTrue(names.contains("rnn.weight_ih_l0") && names.contains("head.weight")
                    && names.contains("head.bias"), names::toString);
            assertEquals(want.embedding(), names.contains("embedding.weight"), names::toString);
            Predictions before = predict(init, d, want.loss());
            Predictions after = predict(trained, d, want.loss());
            assertFalse(Arrays.equals(before.logits(), after.logits()), "predictions unchanged by training");
            assertTrue(after.loss() < before.loss(), "loss " + before.loss() + " -> " + after.loss());
        }
    }

    @Test
    void featuresWithMseAndReadoutLast() throws IOException {
        trainsAndImproves(featuresMse(), new TrainingData.Expect(false, 0, Loss.Kind.MSE,
                        org.jrnn.nn.Readout.LAST, 2),
                "--cell", "lstm", "--hidden", "6", "--readout", "last", "--outputs", "2", "--loss", "mse",
                "--optimizer", "adam", "--lr", "0.03", "--epochs", "15", "--quiet");
    }

    @Test
    void featuresWithBceAndReadoutMean() throws IOException {
        Random rnd = new Random(3);
        Map<String, SafeTensors.Tensor> m = features(rnd);
        m.put("target", binaryTarget(rnd, N, 1));
        trainsAndImproves(write("bce.safetensors", m), new TrainingData.Expect(false, 0, Loss.Kind.BCE,
                        org.jrnn.nn.Readout.MEAN, 1),
                "--cell", "gru", "--hidden", "5", "--layers", "2", "--dropout", "0.1", "--readout", "mean",
                "--outputs", "1", "--loss", "bce", "--optimizer", "sgd", "--lr", "0.3", "--momentum", "0.9",
                "--clip-norm", "5", "--epochs", "15", "--quiet");
    }

    @Test
    void featuresWithCeAndReadoutMax() throws IOException {
        Random rnd = new Random(4);
        Map<String, SafeTensors.Tensor> m = features(rnd);
        m.put("target", classTarget(rnd, 3));
        trainsAndImproves(write("ce.safetensors", m), new TrainingData.Expect(false, 0, Loss.Kind.CE,
                        org.jrnn.nn.Readout.MAX, 3),
                "--cell", "rnn_tanh", "--hidden", "6", "--bidirectional", "--readout", "max", "--outputs", "3",
                "--loss", "ce", "--class-weights", "1,2,0.5", "--optimizer", "adamw", "--lr", "0.03",
                "--clip-value", "1", "--epochs", "15", "--quiet");
    }

    @Test
    void tokensWithCeAndReadoutLast() throws IOException {
        trainsAndImproves(tokensCe(), new TrainingData.Expect(true, 7, Loss.Kind.CE, org.jrnn.nn.Readout.LAST, 3),
                "--cell", "gru", "--hidden", "6", "--embedding", "4", "--vocab", "7", "--padding-idx", "0",
                "--readout", "last", "--outputs", "3", "--loss", "ce", "--optimizer", "adam", "--lr", "0.05",
                "--epochs", "15", "--quiet");
    }

    @Test
    void tokensWithMseOnEveryStep() throws IOException {
        Random rnd = new Random(5);
        Map<String, SafeTensors.Tensor> m = tokens(rnd);
        long[] ids = (long[]) m.get("tokens").data();
        int[] narrow = Arrays.stream(ids).mapToInt(v -> (int) v).toArray();
        m.put("tokens", SafeTensors.Tensor.i32(narrow, N, T)); // int32 tokens work as well as int64
        m.put("target", floatTarget(rnd, 1f, N, T, 2));
        trainsAndImproves(write("all.safetensors", m), new TrainingData.Expect(true, 7, Loss.Kind.MSE,
                        org.jrnn.nn.Readout.ALL, 2),
                "--cell", "rnn_relu", "--hidden", "5", "--no-bias", "--embedding", "3", "--vocab", "7",
                "--readout", "all", "--outputs", "2", "--loss", "mse", "--optimizer", "adam", "--lr", "0.02",
                "--epochs", "15", "--quiet");
    }

    private static final String[] SMALL = {"--cell", "lstm", "--hidden", "4", "--readout", "last", "--outputs", "2",
            "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1"};

    private static String[] with(String[] base, String... more) {
        List<String> l = new ArrayList<>(Arrays.asList(base));
        l.addAll(Arrays.asList(more));
        return l.toArray(String[]::new);
    }

    @Test
    void lossesHaveOneLinePerStep() throws IOException {
        Path csv = dir.resolve("losses.csv");
        Cli.Result r = train(featuresMse(), with(SMALL, "--steps", "7", "--losses", csv.toString(), "--quiet"));
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,epoch,batch,loss", lines.get(0));
        assertEquals(8, lines.size(), lines::toString);
        // N = 10, B = 4: three batches per epoch.
        String[] expected = {"1,1,1", "2,1,2", "3,1,3", "4,2,1", "5,2,2", "6,2,3", "7,3,1"};
        for (int k = 0; k < 7; k++) {
            String[] f = lines.get(k + 1).split(",");
            assertEquals(expected[k], f[0] + "," + f[1] + "," + f[2]);
            double loss = Double.parseDouble(f[3]);
            assertTrue(Double.isFinite(loss) && loss >= 0, lines.get(k + 1));
        }
    }

    @Test
    void noShuffleWithInitIsDeterministic() throws IOException {
        Path data = featuresMse();
        // A first run makes the starting point; --init then takes it by the PyTorch names.
        assertEquals(0, train(data, with(SMALL, "--epochs", "1", "--quiet")).exit());
        Path w0 = dir.resolve("w0.safetensors");
        Files.move(out(), w0);
        String[] args = with(SMALL, "--init", w0.toString(), "--no-shuffle", "--steps", "5", "--dropout", "0",
                "--quiet");
        assertEquals(0, train(data, args).exit());
        byte[] first = Files.readAllBytes(out());
        assertEquals(0, train(data, args).exit());
        assertArrayEquals(first, Files.readAllBytes(out()), "two runs gave different files");
        assertFalse(Arrays.equals(first, Files.readAllBytes(w0)));
        try (Backend b = Backends.create("reference");
             SequenceModel start = ModelWeights.read(b, w0);
             SequenceModel end = ModelWeights.read(b, out())) {
            SequenceDataset d = dataset(data, new TrainingData.Expect(false, 0, Loss.Kind.MSE,
                    org.jrnn.nn.Readout.LAST, 2));
            assertFalse(Arrays.equals(predict(start, d, Loss.Kind.MSE).logits(),
                    predict(end, d, Loss.Kind.MSE).logits()));
        }
    }

    @Test
    void nonTerminalOutputIsOneLinePerEpoch() throws IOException {
        Cli.Result r = train(featuresMse(), with(SMALL, "--epochs", "3"));
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r::toString);
        for (int e = 0; e < 3; e++) {
            assertTrue(lines.get(e).matches("epoch " + (e + 1) + "/3  loss \\d+\\.\\d{4}  \\d+ seq/s  \\d+\\.\\d s"),
                    lines.get(e));
        }
        assertTrue(lines.get(3).startsWith("wrote " + out()), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void aStepLimitEndsWithAPartialEpochLine() throws IOException {
        Cli.Result r = train(featuresMse(), with(SMALL, "--steps", "4"));
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("epoch 1/2  loss "), r::toString);
        assertTrue(lines.get(1).startsWith("epoch 2/2  loss ") && lines.get(1).endsWith("(stopped after 1 of 3 batches)"),
                r::toString);
    }

    @Test
    void quietPrintsNothing() throws IOException {
        Cli.Result r = train(featuresMse(), with(SMALL, "--epochs", "2", "--quiet"));
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(Files.exists(out()));
    }

    @Test
    void helpShowsEveryFlag() {
        Cli.Result r = Cli.run("train", "--help");
        assertEquals(0, r.exit(), r::toString);
        for (String flag : List.of("--data", "--out", "--cell", "--hidden", "--layers", "--bidirectional", "--no-bias",
                "--dropout", "--embedding", "--vocab", "--padding-idx", "--readout", "--outputs", "--loss",
                "--class-weights", "--optimizer", "--lr", "--momentum", "--dampening", "--nesterov", "--weight-decay",
                "--betas", "--eps", "--clip-norm", "--clip-value", "--batch", "--epochs", "--steps", "--no-shuffle",
                "--seed", "--init", "--freeze", "--losses", "--backend", "--quiet")) {
            assertTrue(r.out().contains(flag), flag);
        }
    }
}
