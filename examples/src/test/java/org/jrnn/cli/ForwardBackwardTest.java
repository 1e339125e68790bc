package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.ParameterLayout;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * forward and backward on files written here from random networks, compared with the reference backend run
 * directly: the command line must load the weights into the right places and write the results unchanged.
 */
class ForwardBackwardTest {
    @TempDir
    Path dir;

    /** Two layers, bidirectional for the gated cells, ragged lengths; a different seed per cell. */
    private TestData.Case makeCase(CellType cell) throws IOException {
        boolean gated = cell == CellType.LSTM || cell == CellType.GRU;
        RnnSpec spec = new RnnSpec(cell, 4, 3, 2, gated, true, 0f);
        return TestData.make(dir, spec, 3, 5, new int[] {5, 2, 4}, 17 + cell.ordinal());
    }

    private static ForwardResult directForward(Rnn rnn, TestData.Case c, boolean training) {
        Backend b = rnn.backend();
        int[] state = c.spec().stateShape(c.batch());
        Tensor x = b.fromHost(c.f("input"), c.batch(), c.steps(), c.spec().inputSize());
        Tensor h0 = b.fromHost(c.f("h0"), state);
        Tensor c0 = c.inputs().containsKey("c0") ? b.fromHost(c.f("c0"), state) : null;
        return rnn.forward(x, h0, c0, c.lengths(), new RunOptions(training, 0L, true));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void forwardWritesWhatTheReferenceComputes(CellType cell) throws IOException {
        TestData.Case c = makeCase(cell);
        Path out = dir.resolve("y.safetensors");
        Cli.Result r = Cli.run("forward", "--cell", cell.id(), "-w", c.weights().toString(), "-x",
                c.input().toString(), "-o", out.toString(), "--backend", "reference", "--layers", "2");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("on backend reference"), r::toString);
        assertEquals("", r.err(), r::toString);

        SafeTensorsFile y = SafeTensors.read(out);
        try (Backend b = new ReferenceBackend(); Rnn rnn = b.createRnn(c.spec())) {
            b.copyFromHost(c.params(), 0, rnn.parameters());
            try (ForwardResult f = directForward(rnn, c, false)) {
                TestData.assertShape(y, "output", 3, 5, c.spec().outputSize());
                TestData.assertClose("output", b.toHost(f.output()), y.floats("output"), 0);
                TestData.assertClose("h_n", b.toHost(f.hN()), y.floats("h_n"), 0);
                if (cell.hasCellState()) {
                    TestData.assertClose("c_n", b.toHost(f.cN()), y.floats("c_n"), 0);
                } else {
                    assertFalse(y.has("c_n"));
                }
            }
        }
        assertEquals(cell.id(), y.metadata().get("cell"));
        assertEquals("reference", y.metadata().get("backend"));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void backwardWritesWhatTheReferenceComputes(CellType cell) throws IOException {
        TestData.Case c = makeCase(cell);
        Path out = dir.resolve("g.safetensors");
        Cli.Result r = Cli.run("backward", "--cell", cell.id(), "-w", c.weights().toString(), "-x",
                c.input().toString(), "-o", out.toString(), "--backend", "reference");
        assertEquals(0, r.exit(), r::toString);

        SafeTensorsFile y = SafeTensors.read(out);
        try (Backend b = new ReferenceBackend(); Rnn rnn = b.createRnn(c.spec())) {
            b.copyFromHost(c.params(), 0, rnn.parameters());
            rnn.zeroGradients();
            int[] state = c.spec().stateShape(c.batch());
            Tensor dy = b.fromHost(c.f("grad_output"), c.batch(), c.steps(), c.spec().outputSize());
            Tensor dhn = b.fromHost(c.f("grad_h_n"), state);
            Tensor dcn = cell.hasCellState() ? b.fromHost(c.f("grad_c_n"), state) : null;
            try (ForwardResult f = directForward(rnn, c, true);
                 BackwardResult g = rnn.backward(f.tape(), dy, dhn, dcn)) {
                TestData.assertClose("output", b.toHost(f.output()), y.floats("output"), 0);
                TestData.assertClose("h_n", b.toHost(f.hN()), y.floats("h_n"), 0);
                TestData.assertClose("grad_input", b.toHost(g.gradInput()), y.floats("grad_input"), 0);
                TestData.assertClose("grad_h0", b.toHost(g.gradH0()), y.floats("grad_h0"), 0);
                if (cell.hasCellState()) {
                    TestData.assertClose("c_n", b.toHost(f.cN()), y.floats("c_n"), 0);
                    TestData.assertClose("grad_c0", b.toHost(g.gradC0()), y.floats("grad_c0"), 0);
                } else {
                    assertFalse(y.has("grad_c0"));
                }
            }
            float[] grads = b.toHost(rnn.gradients());
            for (ParameterLayout.Entry e : c.spec().parameterLayout().entries()) {
                float[] want = java.util.Arrays.copyOfRange(grads, e.offset(), e.offset() + e.size());
                TestData.assertClose("grad." + e.name(), want, y.floats("grad." + e.name()), 0);
            }
        }
        assertEquals(c.spec().parameterLayout().entries().size(),
                y.names().stream().filter(n -> n.startsWith("grad.")).count());
    }

    @Test
    void inferenceWithoutOptionalInputsOrBiasNeedsOnlyWeightsAndInput() throws IOException {
        RnnSpec spec = new RnnSpec(CellType.GRU, 2, 4, 1, false, false, 0f);
        TestData.Case c = TestData.make(dir, spec, 2, 3, null, 5);
        Path x = dir.resolve("only-input.safetensors");
        TestData.write(x, java.util.Map.of("input", c.inputs().get("input")));
        Path out = dir.resolve("y.safetensors");
        Cli.Result r = Cli.run("forward", "--cell", "GRU", "-w", c.weights().toString(), "-x", x.toString(),
                "-o", out.toString(), "--backend", "reference", "--hidden", "4");
        assertEquals(0, r.exit(), r::toString);
        SafeTensorsFile y = SafeTensors.read(out);
        TestData.assertShape(y, "output", 2, 3, 4);
        TestData.assertShape(y, "h_n", 1, 2, 4);
        assertEquals("false", y.metadata().get("bias"));
        assertNull(y.metadata().get("repeat"));
    }

    @Test
    void repeatPrintsTimingAndStillWritesTheFile() throws IOException {
        TestData.Case c = makeCase(CellType.LSTM);
        Path out = dir.resolve("y.safetensors");
        for (String command : new String[] {"forward", "backward"}) {
            Cli.Result r = Cli.run(command, "--cell", "lstm", "-w", c.weights().toString(), "-x",
                    c.input().toString(), "-o", out.toString(), "--backend", "reference", "--repeat", "5", "--warmup-seconds", "0");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().matches("(?s).*: 5 runs after 3 warm-up: median [0-9.]+ ms, min [0-9.]+ ms, "
                    + "max [0-9.]+ ms per call.*"), r::toString);
            SafeTensorsFile y = SafeTensors.read(out);
            assertEquals("5", y.metadata().get("repeat"));
            assertEquals("rnn " + command, y.metadata().get("generator"));
        }
    }

    @Test
    void timingMedianMinMax() {
        Timing t = new Timing(4, 3, new double[] {4, 1, 3, 2});
        assertEquals(2.5, t.medianMs());
        assertEquals(1, t.minMs());
        assertEquals(4, t.maxMs());
        assertEquals(3, Timing.warmupFor(1));
        assertEquals(20, Timing.warmupFor(100));
    }
}
