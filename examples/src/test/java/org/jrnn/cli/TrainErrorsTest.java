package org.jrnn.cli;

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
import org.jrnn.io.SafeTensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contradictions between {@code rnn train}'s flags, or between the flags and the files: exit 2 (usage) or 1 (data),
 * exactly one {@code rnn: error:} line naming the flag, tensor or file, no stack trace, no output file.
 */
class TrainErrorsTest {
    static final int N = TrainCommandTest.N;
    static final int T = TrainCommandTest.T;

    @TempDir
    Path dir;

    Path features;
    Path tokens;
    Path out;

    /** A working run on {@link #features}: lstm, readout last, 2 outputs, mse, sgd. */
    static final String[] BASE = {"--cell", "lstm", "--hidden", "4", "--readout", "last", "--outputs", "2",
            "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--batch", "4", "--epochs", "1"};

    /** A working run on {@link #tokens}: gru with an embedding, 3 classes, ce. */
    static final String[] TOKENS = {"--cell", "gru", "--hidden", "4", "--embedding", "3", "--vocab", "7",
            "--readout", "last", "--outputs", "3", "--loss", "ce", "--optimizer", "adam", "--lr", "0.01",
            "--batch", "4", "--epochs", "1"};

    @BeforeEach
    void setUp() throws IOException {
        Random rnd = new Random(11);
        Map<String, SafeTensors.Tensor> f = TrainCommandTest.features(rnd);
        f.put("target", TrainCommandTest.floatTarget(rnd, 1f, N, 2));
        features = write("f.safetensors", f);
        Map<String, SafeTensors.Tensor> t = TrainCommandTest.tokens(rnd);
        t.put("target", TrainCommandTest.classTarget(rnd, 3));
        tokens = write("t.safetensors", t);
        out = dir.resolve("w.safetensors");
    }

    private Path write(String name, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        Path p = dir.resolve(name);
        SafeTensors.write(p, tensors, Map.of());
        return p;
    }

    /** {@code base}'s tensors with some replaced or removed. */
    private Path variant(Path base, Map<String, SafeTensors.Tensor> changes, String... remove) throws IOException {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        var file = SafeTensors.read(base);
        for (String n : file.names()) {
            m.put(n, file.tensor(n));
        }
        m.putAll(changes);
        for (String r : remove) {
            m.remove(r);
        }
        return write("variant.safetensors", m);
    }

    /** Runs {@code base} with {@code more} added; a flag of {@code base} given again in {@code more} is replaced. */
    private Cli.Result train(Path data, String[] base, String... more) {
        for (String m : more) {
            if (m.startsWith("--") && Arrays.asList(base).contains(m)) {
                base = without(base, m);
            }
        }
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--backend", "reference", "--quiet"));
        args.addAll(Arrays.asList(base));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Drops every occurrence of {@code flag} and the value after it from {@code args}. */
    private static String[] without(String[] args, String flag) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(flag)) {
                i++;
            } else {
                l.add(args[i]);
            }
        }
        return l.toArray(String[]::new);
    }

    private void assertError(int exit, Cli.Result r, String... words) {
        assertEquals(exit, r.exit(), r::toString);
        List<String> errors = r.errLines().stream().filter(l -> l.startsWith("rnn: error: ")).toList();
        assertEquals(1, errors.size(), r::toString);
        assertEquals(exit == 2 ? 2 : 1, r.errLines().size(), r::toString); // usage errors add the --help hint
        for (String w : words) {
            assertTrue(errors.get(0).contains(w), () -> "'" + w + "' missing from: " + errors.get(0));
        }
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(Files.exists(out), "no output file after an error");
    }

    private void assertDataError(Cli.Result r, String... words) {
        assertError(1, r, words);
    }

    private void assertUsageError(Cli.Result r, String... words) {
        assertError(2, r, words);
    }

    @Test
    void theBaseRunsWork() {
        assertEquals(0, train(features, BASE).exit());
        assertEquals(0, train(tokens, TOKENS).exit());
    }

    // ------------------------------------------------------ flags and files

    @Test
    void tokensWithoutEmbedding() {
        assertDataError(train(tokens, BASE, "--loss", "ce", "--outputs", "3"), "tokens", "--embedding", "--vocab");
    }

    @Test
    void featuresWithEmbedding() {
        assertDataError(train(features, BASE, "--embedding", "3", "--vocab", "7"), "--embedding", "input");
    }

    @Test
    void outputsDifferFromTheTargetsWidth() {
        assertDataError(train(features, BASE, "--outputs", "3"), "--outputs 3", "target", "[10, 2]");
    }

    @Test
    void targetOfTheWrongRankForReadoutAll() {
        assertDataError(train(features, BASE, "--readout", "all"), "target", "[10, 5, 2]", "--readout all");
    }

    @Test
    void vocabSmallerThanTheLargestToken() {
        assertDataError(train(tokens, TOKENS, "--vocab", "4"), "--vocab 4", "tokens[");
    }

    @Test
    void int64TokensThatDoNotFitInt32() throws IOException {
        long[] ids = new long[N * T];
        ids[2 * T + 3] = 1L << 40;
        Path d = variant(tokens, Map.of("tokens", SafeTensors.Tensor.i64(ids, N, T)));
        assertDataError(train(d, TOKENS), "tokens[2, 3]", "int32");
    }

    @Test
    void negativeToken() throws IOException {
        long[] ids = new long[N * T];
        ids[1] = -1;
        Path d = variant(tokens, Map.of("tokens", SafeTensors.Tensor.i64(ids, N, T)));
        assertDataError(train(d, TOKENS), "tokens[0, 1]", "negative");
    }

    @Test
    void ceWithFloatTargets() {
        assertDataError(train(features, BASE, "--loss", "ce"), "ce", "target", "F32");
    }

    @Test
    void mseWithClassIds() {
        assertDataError(train(tokens, TOKENS, "--loss", "mse"), "target", "mse", "--loss ce");
    }

    @Test
    void classIdOutsideTheOutputs() {
        assertDataError(train(tokens, TOKENS, "--outputs", "2"), "target[", "--outputs 2");
    }

    @Test
    void lengthsOutOfRange() throws IOException {
        long[] len = new long[N];
        Arrays.fill(len, T);
        len[4] = T + 1;
        Path d = variant(features, Map.of("lengths", SafeTensors.Tensor.i64(len, N)));
        assertDataError(train(d, BASE), "lengths[4]");
    }

    @Test
    void lengthsOfTheWrongShape() throws IOException {
        Path d = variant(features, Map.of("lengths", SafeTensors.Tensor.i32(new int[] {1, 2}, 2)));
        assertDataError(train(d, BASE), "lengths", "[10]");
    }

    @Test
    void noTarget() throws IOException {
        assertDataError(train(variant(features, Map.of(), "target"), BASE), "target");
    }

    @Test
    void neitherInputNorTokens() throws IOException {
        assertDataError(train(variant(features, Map.of(), "input"), BASE), "input", "tokens");
    }

    @Test
    void bothInputAndTokens() throws IOException {
        Path d = variant(features, Map.of("tokens", SafeTensors.Tensor.i32(new int[N * T], N, T)));
        assertDataError(train(d, BASE), "both input and tokens");
    }

    @Test
    void unexpectedTensor() throws IOException {
        Path d = variant(features, Map.of("weights", SafeTensors.Tensor.f32(new float[1], 1)));
        assertDataError(train(d, BASE), "weights", "--data");
    }

    @Test
    void inputOfTheWrongRank() throws IOException {
        Path d = variant(features, Map.of("input", SafeTensors.Tensor.f32(new float[N * T], N, T)));
        assertDataError(train(d, BASE), "input", "[N, T, I]");
    }

    @Test
    void missingDataFile() {
        assertDataError(train(dir.resolve("nope.safetensors"), BASE), "nope.safetensors");
    }

    @Test
    void dataFileThatIsNotSafetensors() throws IOException {
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "this is not a safetensors file");
        assertDataError(train(bad, BASE), "bad.safetensors");
    }

    @Test
    void outFolderMissing() {
        Cli.Result r = Cli.run(with(new String[] {"train", "--data", features.toString(), "--out",
                dir.resolve("no/such/w.safetensors").toString(), "--backend", "reference"}, BASE));
        assertDataError(r, "--out");
    }

    @Test
    void initOfTheWrongShape() throws IOException {
        assertEquals(0, train(features, BASE).exit());
        Path w0 = dir.resolve("w0.safetensors");
        Files.move(out, w0);
        assertDataError(train(features, BASE, "--hidden", "5", "--init", w0.toString()), "--init",
                "rnn.weight_ih_l0", "[16, 3]", "[20, 3]");
    }

    @Test
    void initMissingATensor() throws IOException {
        assertEquals(0, train(features, BASE).exit());
        Path w0 = dir.resolve("w0.safetensors");
        Files.move(out, w0);
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        var f = SafeTensors.read(w0);
        for (String n : f.names()) {
            if (!n.equals("head.bias")) {
                m.put(n, f.tensor(n));
            }
        }
        Path partial = write("partial.safetensors", m);
        assertDataError(train(features, BASE, "--init", partial.toString()), "--init", "head.bias");
    }

    @Test
    void initOfAnotherCell() throws IOException {
        assertEquals(0, train(features, BASE, "--cell", "rnn_tanh").exit());
        Path w0 = dir.resolve("w0.safetensors");
        Files.move(out, w0);
        assertDataError(train(features, BASE, "--cell", "rnn_relu", "--init", w0.toString()), "--init", "rnn_tanh",
                "--cell");
    }

    // ------------------------------------------------------------ flags alone

    @Test
    void clipNormAndClipValueTogether() {
        assertUsageError(train(features, BASE, "--clip-norm", "1", "--clip-value", "1"), "--clip-norm",
                "--clip-value");
    }

    @Test
    void epochsAndStepsTogether() {
        assertUsageError(train(features, BASE, "--steps", "3"), "--epochs", "--steps");
    }

    @Test
    void neitherEpochsNorSteps() {
        assertUsageError(train(features, without(BASE, "--epochs")), "--epochs", "--steps");
    }

    @Test
    void missingRequiredFlag() {
        assertUsageError(train(features, without(BASE, "--lr")), "--lr");
    }

    @Test
    void unknownReadout() {
        assertUsageError(train(features, BASE, "--readout", "first"), "--readout", "first");
    }

    @Test
    void unknownLoss() {
        assertUsageError(train(features, BASE, "--loss", "hinge"), "--loss", "hinge");
    }

    @Test
    void ceWithReadoutAll() {
        assertUsageError(train(tokens, TOKENS, "--readout", "all"), "--loss ce", "--readout all");
    }

    @Test
    void classWeightsWithoutCe() {
        assertUsageError(train(features, BASE, "--class-weights", "1,2"), "--class-weights", "ce");
    }

    @Test
    void classWeightsOfTheWrongCount() {
        assertUsageError(train(tokens, TOKENS, "--class-weights", "1,2"), "--class-weights", "--outputs 3");
    }

    @Test
    void vocabWithoutEmbedding() {
        assertUsageError(train(features, BASE, "--vocab", "7"), "--vocab", "--embedding");
    }

    @Test
    void embeddingWithoutVocab() {
        assertUsageError(train(tokens, without(TOKENS, "--vocab")), "--embedding", "--vocab");
    }

    @Test
    void paddingIndexOutsideTheVocabulary() {
        assertUsageError(train(tokens, TOKENS, "--padding-idx", "7"), "--padding-idx 7");
    }

    @Test
    void momentumWithAdam() {
        assertUsageError(train(tokens, TOKENS, "--momentum", "0.9"), "--momentum", "sgd");
    }

    @Test
    void betasWithSgd() {
        assertUsageError(train(features, BASE, "--betas", "0.9,0.99"), "--betas", "adam");
    }

    @Test
    void betasNeedTwoValues() {
        assertUsageError(train(tokens, TOKENS, "--betas", "0.9"), "--betas");
    }

    @Test
    void nesterovWithoutMomentum() {
        assertUsageError(train(features, BASE, "--nesterov"), "--nesterov", "--momentum");
    }

    @Test
    void freezeAnUnknownModule() {
        assertUsageError(train(features, BASE, "--freeze", "decoder"), "--freeze", "decoder");
    }

    @Test
    void freezeTheEmbeddingOfAModelWithout() {
        assertUsageError(train(features, BASE, "--freeze", "embedding"), "--freeze embedding");
    }

    @Test
    void freezeEverything() {
        assertUsageError(train(features, BASE, "--freeze", "rnn,head"), "--freeze", "nothing to train");
    }

    @Test
    void badRanges() {
        assertUsageError(train(features, BASE, "--hidden", "0"), "--hidden");
        assertUsageError(train(features, BASE, "--dropout", "1"), "--dropout");
        assertUsageError(train(features, BASE, "--batch", "0"), "--batch");
        assertUsageError(train(features, BASE, "--lr", "-1"), "--lr");
        assertUsageError(train(features, without(BASE, "--epochs"), "--steps", "0"), "--steps");
    }

    @Test
    void debugAddsTheStackTrace() {
        Cli.Result r = train(features, BASE, "--outputs", "3", "--debug");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("rnn: error: "), r::toString);
        assertTrue(r.err().contains("\tat "), r::toString);
    }

    private static String[] with(String[] a, String... more) {
        List<String> l = new ArrayList<>(Arrays.asList(a));
        l.addAll(Arrays.asList(more));
        return l.toArray(String[]::new);
    }
}
