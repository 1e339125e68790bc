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
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.io.SafeTensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and bad files: the right exit status and one clear line on stderr, never a stack trace. */
class ErrorsTest {
    @TempDir
    Path dir;

    /** A 2-layer unidirectional LSTM, I=4, H=3, B=3, T=5. */
    TestData.Case lstm;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        lstm = TestData.make(dir, new RnnSpec(CellType.LSTM, 4, 3, 2, false, true, 0f), 3, 5, new int[] {5, 1, 3}, 3);
        out = dir.resolve("y.safetensors");
    }

    private Cli.Result run(String command, Path weights, Path input, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "-w", weights.toString(), "-x", input.toString(),
                "-o", out.toString()));
        args.addAll(Arrays.asList(more));
        if (!args.contains("--backend")) {
            args.addAll(List.of("--backend", "reference"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Result forward(String... more) {
        return run("forward", lstm.weights(), lstm.input(), more);
    }

    /** Exit 1, exactly one stderr line starting "rnn: error: " and containing every word; no file written. */
    private void assertDataError(Cli.Result r, String... words) {
        assertEquals(1, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("rnn: error: "), r::toString);
        for (String w : words) {
            assertTrue(line.contains(w), () -> "'" + w + "' missing from: " + line);
        }
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(Files.exists(out), "no output file after an error");
    }

    /** Exit 2, the problem on one line and a hint to use --help on the next. */
    private static void assertUsageError(Cli.Result r, String... words) {
        assertEquals(2, r.exit(), r::toString);
        assertEquals(2, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("rnn: error: "), r::toString);
        for (String w : words) {
            assertTrue(r.errLines().get(0).contains(w), () -> "'" + w + "' missing from: " + r.err());
        }
        assertTrue(r.errLines().get(1).contains("--help"), r::toString);
    }

    private Path writeInput(Map<String, SafeTensors.Tensor> changes, String... remove) throws IOException {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>(lstm.inputs());
        m.putAll(changes);
        for (String r : remove) {
            m.remove(r);
        }
        Path x = dir.resolve("x2.safetensors");
        TestData.write(x, m);
        return x;
    }

    private Path writeWeights(Map<String, SafeTensors.Tensor> changes, String... remove) throws IOException {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>(TestData.stateDict(lstm.spec(), lstm.params()));
        m.putAll(changes);
        for (String r : remove) {
            m.remove(r);
        }
        Path w = dir.resolve("w2.safetensors");
        TestData.write(w, m);
        return w;
    }

    @Test
    void missingFile() {
        Path nowhere = dir.resolve("nowhere.safetensors");
        assertDataError(run("forward", nowhere, lstm.input()), "file not found", nowhere.toString());
        assertDataError(run("forward", lstm.weights(), nowhere), "file not found", nowhere.toString());
    }

    @Test
    void corruptFile() throws IOException {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertDataError(run("forward", bad, lstm.input()), bad.toString());
    }

    @Test
    void wrongCellForTheWeights() throws IOException {
        // GRU weights (3*H rows) read as an LSTM (4*H rows).
        RnnSpec gru = new RnnSpec(CellType.GRU, 4, 3, 1, false, true, 0f);
        Path w = dir.resolve("gru.safetensors");
        TestData.write(w, TestData.stateDict(gru, new float[gru.parameterLayout().size()]));
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"),
                "weight_hh_l0 has shape [9, 3]", "lstm needs 4*H = 12 rows", "fits gru");
    }

    @Test
    void cellContradictingTheMetadata() throws IOException {
        Path w = dir.resolve("meta.safetensors");
        SafeTensors.write(w, TestData.stateDict(lstm.spec(), lstm.params()), Map.of("cell", "gru"));
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"), "expected cell lstm (--cell)", "cell=gru");
    }

    @Test
    void cellNeededWithoutMetadata() {
        assertDataError(forward(), "the cell must be named (--cell)");
    }

    @Test
    void flagsContradictingTheWeights() {
        assertDataError(forward("--cell", "lstm", "--layers", "3"),
                "expected 3 layers (--layers) but the weights have 2 layers (weight_ih_l0..weight_ih_l1)");
        assertDataError(forward("--cell", "lstm", "--hidden", "8"), "hidden size 8 (--hidden)", "hidden size is 3");
        assertDataError(forward("--cell", "lstm", "--bidirectional"), "--bidirectional", "unidirectional");
    }

    @Test
    void unexpectedTensorInTheWeights() throws IOException {
        Path w = writeWeights(Map.of("fc.weight", SafeTensors.Tensor.f32(new float[2], 2)));
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"), "fc.weight", "not RNN parameters");
    }

    @Test
    void missingOrSurplusParameters() throws IOException {
        Path w = writeWeights(Map.of(), "bias_hh_l1");
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"), "lacks [bias_hh_l1]");
        w = writeWeights(Map.of(), "bias_ih_l0");
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"), "bias_hh_l0", "no biases");
        w = writeWeights(Map.of("weight_hh_l1", SafeTensors.Tensor.f32(new float[12 * 4], 12, 4)));
        assertDataError(run("forward", w, lstm.input(), "--cell", "lstm"), "weight_hh_l1 has shape [12, 4]",
                "needs [12, 3]");
    }

    @Test
    void badInputShape() throws IOException {
        Path x = writeInput(Map.of("input", SafeTensors.Tensor.f32(new float[3 * 5 * 5], 3, 5, 5)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "input has shape [3, 5, 5]",
                "[B, T, 4]");
        x = writeInput(Map.of("input", SafeTensors.Tensor.f32(new float[20], 5, 4)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "input has shape [5, 4]");
        x = writeInput(Map.of("h0", SafeTensors.Tensor.f32(new float[9], 1, 3, 3)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "h0 has shape [1, 3, 3]",
                "[2, 3, 3]");
        x = writeInput(Map.of(), "input");
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "no tensor 'input'");
        x = writeInput(Map.of("h_0", SafeTensors.Tensor.f32(new float[1], 1)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "unexpected tensors [h_0]");
    }

    @Test
    void lengthsOutOfRangeOrMisshapen() throws IOException {
        Path x = writeInput(Map.of("lengths", SafeTensors.Tensor.i64(new long[] {5, 9, 1}, 3)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "lengths[1] = 9", "[0, 5]");
        x = writeInput(Map.of("lengths", SafeTensors.Tensor.i32(new int[] {-1, 2, 1}, 3)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "lengths[0] = -1");
        x = writeInput(Map.of("lengths", SafeTensors.Tensor.i32(new int[] {1, 2}, 2)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "lengths has shape [2]");
        x = writeInput(Map.of("lengths", SafeTensors.Tensor.f32(new float[] {1, 2, 3}, 3)));
        assertDataError(run("forward", lstm.weights(), x, "--cell", "lstm"), "lengths", "F32");
    }

    @Test
    void cellStateForACellWithoutOne() throws IOException {
        RnnSpec gru = new RnnSpec(CellType.GRU, 4, 3, 2, false, true, 0f);
        Path w = dir.resolve("gru.safetensors");
        TestData.write(w, TestData.stateDict(gru, new float[gru.parameterLayout().size()]));
        assertDataError(run("forward", w, lstm.input(), "--cell", "gru"), "c0", "no cell state");
    }

    @Test
    void backwardNeedsGradOutput() throws IOException {
        Path x = writeInput(Map.of(), "grad_output");
        assertDataError(run("backward", lstm.weights(), x, "--cell", "lstm"), "grad_output [3, 5, 3]");
    }

    @Test
    void unknownBackend() {
        assertDataError(forward("--cell", "lstm", "--backend", "nosuch"), "'nosuch'", "no such provider",
                "reference");
    }

    @Test
    void unavailableBackend() {
        assertDataError(forward("--cell", "lstm", "--backend", UnavailableTestProvider.NAME),
                "'test-unavailable' was requested but is unavailable", UnavailableTestProvider.REASON);
    }

    @Test
    void missingOutputFolder() {
        out = dir.resolve("no/such/folder/y.safetensors");
        assertDataError(forward("--cell", "lstm"), "folder of --out does not exist");
    }

    @Test
    void debugAddsTheStackTrace() {
        Cli.Result r = forward("--cell", "lstm", "--layers", "3", "--debug");
        assertEquals(1, r.exit());
        assertTrue(r.errLines().get(0).startsWith("rnn: error: expected 3 layers (--layers)"), r::toString);
        assertTrue(r.err().contains("\tat org.jrnn."), r::toString);
    }

    @Test
    void usageErrors() {
        assertUsageError(forward("--cell", "lstm", "--bogus"), "--bogus");
        assertUsageError(Cli.run("forward", "-w", "a", "-x", "b"), "--out");
        assertUsageError(forward("--cell", "lstmm"), "unknown cell 'lstmm'", "rnn_tanh");
        assertUsageError(forward("--cell", "lstm", "--repeat", "-1"), "--repeat");
        assertUsageError(forward("--cell", "lstm", "--layers", "0"), "--layers");
        assertUsageError(forward("--cell", "lstm", "--repeat", "many"), "many");
        assertUsageError(Cli.run(), "no command");
        assertUsageError(Cli.run("frobnicate"), "frobnicate");
    }

    @Test
    void helpIsNotAnError() {
        Cli.Result r = Cli.run("forward", "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("--weights"), r::toString);
        r = Cli.run("--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("backends") && r.out().contains("backward"), r::toString);
    }
}
