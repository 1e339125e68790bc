package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Fixtures.Case;
import org.jrnn.testing.Fixtures.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The semantics every backend must honour, checked on the backend itself (no oracle needed): streaming equals the
 * whole sequence, a padded batch equals its sequences run alone, padding is inert, layouts agree, zero lengths,
 * dropout determinism, the tape's size and clear errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {

    protected abstract Backend newBackend();

    /** How close two runs of the same maths by different routes (batch vs alone, step vs sequence) must be. */
    protected abstract Tolerance routeTolerance();

    protected Backend backend;

    @BeforeAll
    void open() {
        backend = newBackend();
    }

    @AfterAll
    void close() {
        backend.close();
    }

    private org.jrnn.backend.MemoryUse before;

    @org.junit.jupiter.api.BeforeEach
    void recordMemory() {
        before = backend.memoryInUse();
    }

    /** Every test closes what it allocates: a GPU backend would leak what a test forgets. */
    @org.junit.jupiter.api.AfterEach
    void nothingLeaked() {
        assertEquals(before, backend.memoryInUse(), "live tensors before and after the test");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void absentArgumentsMeanZeros(CellType cell) {
        // The many-to-one case: no gradient on the output, no h0 (zeros), only the final state's gradient.
        RnnSpec spec = new RnnSpec(cell, 3, 5, 2, true, true, 0f);
        int T = 4, B = 3;
        Case c = Case.random(spec, T, B, new int[] {4, 2, 3}, 707);
        int[] stateShape = spec.stateShape(B);
        float[] zerosOut = new float[T * B * spec.outputSize()];
        float[] zerosState = new float[spec.layers() * 2 * B * spec.hiddenSize()];
        try (Rnn rnn = backend.createRnn(spec); Tensor x = backend.fromHost(c.input(), c.inputShape());
             Tensor zeroH0 = backend.fromHost(zerosState, stateShape);
             Tensor zeroC0 = backend.fromHost(zerosState, stateShape);
             Tensor zeroOut = backend.fromHost(zerosOut, c.outputShape());
             Tensor zeroState = backend.fromHost(zerosState, stateShape);
             Tensor gH = backend.fromHost(c.gradHn(), stateShape)) {
            backend.copyFromHost(c.params(), 0, rnn.parameters());
            boolean lstm = cell.hasCellState();
            float[][] absent = runAbsent(rnn, x, null, null, null, gH, null);
            float[][] explicit = runAbsent(rnn, x, zeroH0, lstm ? zeroC0 : null, zeroOut, gH, lstm ? zeroState : null);
            String[] names = {"output", "h_n", "grad_input", "grad_h0", "parameter gradients"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(explicit[i], absent[i], cell + " " + names[i] + ": null must mean zeros");
            }
            float max = 0;
            for (float v : absent[4]) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max > 1e-3, "the final state's gradient alone must reach the parameters");
        }
    }

    private float[][] runAbsent(Rnn rnn, Tensor x, Tensor h0, Tensor c0, Tensor gOut, Tensor gH, Tensor gC) {
        rnn.zeroGradients();
        try (ForwardResult f = rnn.forward(x, h0, c0, new int[] {4, 2, 3}, RunOptions.training(3));
             org.jrnn.BackwardResult b = rnn.backward(f.tape(), gOut, gH, gC)) {
            return new float[][] {backend.toHost(f.output()), backend.toHost(f.hN()), backend.toHost(b.gradInput()),
                backend.toHost(b.gradH0()), backend.toHost(rnn.gradients())};
        }
    }

    @Test
    void copiesOfSubRangesIntsSegmentsAndDeviceToDevice() {
        try (Tensor flat = backend.allocate(10); Tensor ints = backend.allocate(org.jrnn.tensor.ElementType.INT32, 2, 3);
             Tensor other = backend.allocate(5); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            // One named weight of a flat buffer: a view at an offset.
            backend.copyFromHost(new float[] {9, 1, 2, 3, 9}, 1, flat.view(4, 3));
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 3, 0, 0, 0}, backend.toHost(flat));
            float[] part = new float[5];
            backend.copyToHost(flat.view(3, 2, 2), part, 1);
            assertArrayEquals(new float[] {0, 0, 1, 2, 3}, part);
            backend.copyFromHost(new int[] {1, -2, 3, 4, 5, 6}, 0, ints);
            assertArrayEquals(new int[] {4, 5, 6}, backend.toHostInts(ints.slice(1)));
            var seg = arena.allocate(java.lang.foreign.ValueLayout.JAVA_FLOAT, 5);
            for (int i = 0; i < 5; i++) {
                seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, i + 0.5f);
            }
            backend.copyFromHost(seg, 0, other);
            backend.copy(other.view(1, 3), flat.view(0, 3));
            assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 0, 1, 2, 3, 0, 0, 0}, backend.toHost(flat));
            var back = arena.allocate(java.lang.foreign.ValueLayout.JAVA_FLOAT, 10);
            backend.copyToHost(flat, back, 0);
            assertEquals(3.5f, back.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 2));
            var e = assertThrows(IllegalArgumentException.class, () -> backend.copy(other, flat));
            assertTrue(e.getMessage().contains("size"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> flat.view(8, 3));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
            assertEquals(1.5f, backend.readScalar(flat));
            backend.synchronize();
        }
    }

    @Test
    void capabilitiesDescribeTheBackend() {
        var c = backend.capabilities();
        assertTrue(c.threads() >= 1);
        assertFalse(c.deviceName().isBlank());
        assertEquals(c.device() == org.jrnn.backend.Capabilities.DeviceKind.CPU, c.hostMemory());
    }

    @Test
    void useAfterCloseFailsClearly() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, 3, 4, 1, false, true, 0f);
        Tensor x = backend.allocate(5, 2, 3);
        Tensor view = x.view(6, 2, 3);
        x.close();
        assertTrue(x.isClosed() && view.isClosed(), "closing a tensor invalidates its views");
        var e = assertThrows(IllegalStateException.class, () -> backend.toHost(view));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        try (Rnn rnn = backend.createRnn(spec)) {
            e = assertThrows(IllegalStateException.class, () -> rnn.forward(x, null, null, null, RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("input") && e.getMessage().contains("closed"), e.getMessage());
        }
        Rnn closed = backend.createRnn(spec);
        closed.close();
        try (Tensor ok = backend.allocate(5, 2, 3)) {
            e = assertThrows(IllegalStateException.class, () -> closed.forward(ok, null, null, null,
                    RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        try (Tensor t = backend.allocate(4)) {
            Tensor v = t.view(1, 2);
            v.close();
            assertFalse(t.isClosed(), "closing a view leaves its root open");
            assertThrows(IllegalStateException.class, () -> backend.toHost(v));
            assertEquals(4, backend.toHost(t).length);
        }
    }

    @Test
    void resultsAreReusedOnlyOnceClosed() {
        RnnSpec spec = new RnnSpec(CellType.GRU, 3, 4, 2, false, true, 0f);
        Case c = Case.random(spec, 5, 2, null, 808);
        try (Rnn rnn = backend.createRnn(spec); Tensor x = backend.fromHost(c.input(), c.inputShape())) {
            backend.copyFromHost(c.params(), 0, rnn.parameters());
            float[] first;
            try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.INFERENCE)) {
                first = backend.toHost(f.output());
            }
            long live = backend.memoryInUse().tensors();
            try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.INFERENCE)) {
                assertEquals(live, backend.memoryInUse().tensors(), "a closed result's memory is reused");
                assertArrayEquals(first, backend.toHost(f.output()));
                // Held open: the next call must not overwrite it.
                try (ForwardResult g = rnn.forward(x, null, null, new int[] {2, 5}, RunOptions.INFERENCE)) {
                    assertTrue(backend.memoryInUse().tensors() > live, "an open result gets fresh memory");
                    assertArrayEquals(first, backend.toHost(f.output()), "the held result is unchanged");
                    assertFalse(Arrays.equals(first, backend.toHost(g.output())));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepByStepEqualsWholeSequence(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 5, 6, 2, false, true, 0f);
        int T = 7, B = 3;
        Case c = Case.random(spec, T, B, null, 101).withOptions(RunOptions.INFERENCE);
        Run whole = Fixtures.run(backend, c, false);
        Run streamed = Fixtures.runSteps(backend, c);
        routeTolerance().assertClose(cell + " outputs of every step", streamed.output(), whole.output());
        routeTolerance().assertClose(cell + " h after the last step", streamed.hN(), whole.hN());
        routeTolerance().assertClose(cell + " c after the last step", streamed.cN(), whole.cN());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void paddedBatchEqualsEachSequenceAlone(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 4, 5, 2, true, true, 0f);
        int T = 6, B = 4;
        int[] lengths = {6, 2, 0, 4};
        Case batch = Case.random(spec, T, B, lengths, 202);
        Run all = Fixtures.run(backend, batch, true);
        int I = spec.inputSize(), H = spec.hiddenSize(), O = spec.outputSize(), S = spec.layers() * 2;
        float[] paramGradSum = new float[all.gradParams().length];
        for (int b = 0; b < B; b++) {
            int len = lengths[b];
            if (len == 0) {
                continue;
            }
            Case alone = new Case(spec, len, 1, batch.params(), rows(batch.input(), T, B, I, b, len),
                    stateRow(batch.h0(), S, B, H, b), batch.c0() == null ? null : stateRow(batch.c0(), S, B, H, b),
                    null, rows(batch.gradOutput(), T, B, O, b, len), stateRow(batch.gradHn(), S, B, H, b),
                    batch.gradCn() == null ? null : stateRow(batch.gradCn(), S, B, H, b), RunOptions.TRAINING);
            Run one = Fixtures.run(backend, alone, true);
            Tolerance tol = routeTolerance();
            tol.assertClose(cell + " output of sequence " + b, rows(all.output(), T, B, O, b, len), one.output());
            tol.assertClose(cell + " h_n of sequence " + b, stateRow(all.hN(), S, B, H, b), one.hN());
            tol.assertClose(cell + " grad_input of sequence " + b, rows(all.gradInput(), T, B, I, b, len),
                    one.gradInput());
            tol.assertClose(cell + " grad_h0 of sequence " + b, stateRow(all.gradH0(), S, B, H, b), one.gradH0());
            if (cell.hasCellState()) {
                tol.assertClose(cell + " c_n of sequence " + b, stateRow(all.cN(), S, B, H, b), one.cN());
                tol.assertClose(cell + " grad_c0 of sequence " + b, stateRow(all.gradC0(), S, B, H, b), one.gradC0());
            }
            for (int i = 0; i < paramGradSum.length; i++) {
                paramGradSum[i] += one.gradParams()[i];
            }
            // Past its length: zero output and zero input gradient.
            for (int t = len; t < T; t++) {
                for (int k = 0; k < O; k++) {
                    assertEquals(0f, all.output()[(t * B + b) * O + k], "output past the length must be zero");
                }
                for (int k = 0; k < I; k++) {
                    assertEquals(0f, all.gradInput()[(t * B + b) * I + k], "no gradient into padding");
                }
            }
        }
        routeTolerance().assertClose(cell + " parameter gradients = sum over sequences", all.gradParams(),
                paramGradSum);
        // The empty sequence: h_n = h0, and the gradient of h_n flows straight to h0.
        assertArrayEquals(stateRow(batch.h0(), S, B, H, 2), stateRow(all.hN(), S, B, H, 2));
        assertArrayEquals(stateRow(batch.gradHn(), S, B, H, 2), stateRow(all.gradH0(), S, B, H, 2));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void paddingValuesChangeNothing(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 3, 4, 2, true, true, 0f);
        int T = 5, B = 3;
        int[] lengths = {5, 1, 3};
        Case c = Case.random(spec, T, B, lengths, 303);
        float[] x = c.input().clone();
        float[] g = c.gradOutput().clone();
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                if (t >= lengths[b]) {
                    Arrays.fill(x, (t * B + b) * 3, (t * B + b + 1) * 3, 1e3f);
                    Arrays.fill(g, (t * B + b) * 8, (t * B + b + 1) * 8, -7f);
                }
            }
        }
        Case noisy = new Case(spec, T, B, c.params(), x, c.h0(), c.c0(), lengths, g, c.gradHn(), c.gradCn(),
                c.options());
        Run a = Fixtures.run(backend, c, true);
        Run b = Fixtures.run(backend, noisy, true);
        assertArrayEquals(a.output(), b.output());
        assertArrayEquals(a.hN(), b.hN());
        assertArrayEquals(a.gradParams(), b.gradParams());
        assertArrayEquals(a.gradH0(), b.gradH0());
    }

    @Test
    void batchFirstEqualsTimeMajor() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, 3, 4, 2, true, true, 0f);
        int T = 4, B = 3, I = 3, O = 8;
        Case tm = Case.random(spec, T, B, new int[] {4, 2, 3}, 404);
        Case bf = new Case(spec, T, B, tm.params(), swap(tm.input(), T, B, I), tm.h0(), tm.c0(), tm.lengths(),
                swap(tm.gradOutput(), T, B, O), tm.gradHn(), tm.gradCn(), RunOptions.TRAINING.withBatchFirst(true));
        Run a = Fixtures.run(backend, tm, true);
        Run b = Fixtures.run(backend, bf, true);
        assertArrayEquals(swap(a.output(), T, B, O), b.output());
        assertArrayEquals(swap(a.gradInput(), T, B, I), b.gradInput());
        assertArrayEquals(a.gradParams(), b.gradParams());
        assertArrayEquals(a.hN(), b.hN());
    }

    @Test
    void dropoutIsRepeatableBySeedAndOffInInference() {
        RnnSpec spec = new RnnSpec(CellType.GRU, 3, 6, 3, false, true, 0.4f);
        Case c = Case.random(spec, 5, 2, null, 505);
        Run a = Fixtures.run(backend, c.withOptions(RunOptions.training(9)), true);
        Run b = Fixtures.run(backend, c.withOptions(RunOptions.training(9)), true);
        Run other = Fixtures.run(backend, c.withOptions(RunOptions.training(10)), true);
        assertArrayEquals(a.output(), b.output());
        assertArrayEquals(a.gradParams(), b.gradParams());
        assertFalse(Arrays.equals(a.output(), other.output()), "another seed must drop other units");
        Run inference = Fixtures.run(backend, c.withOptions(RunOptions.INFERENCE), false);
        Run noDropout = Fixtures.run(backend, new Case(spec.withDropout(0f), 5, 2, c.params(), c.input(), c.h0(),
                c.c0(), null, c.gradOutput(), c.gradHn(), c.gradCn(), RunOptions.INFERENCE), false);
        assertArrayEquals(noDropout.output(), inference.output());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void tapeHoldsExactlyTheDocumentedBytes(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 3, 4, 2, true, true, 0.25f);
        int T = 5, B = 2, L = 2, D = 2, H = 4, I = 3;
        int k = switch (cell) {
            case LSTM -> 6;   // gates i,f,g,o + c + h
            case GRU -> 5;    // gates r,z,n + W_hn h + b_hn + h
            default -> 1;     // h
        };
        long activations = 4L * T * B * H * (L * D * k + (L - 1) * D); // + one dropout mask below the top layer
        long lengths = 4L * B;
        long state = 4L * L * D * B * H;
        long input = 4L * T * B * I;
        Case c = Case.random(spec, T, B, null, 606);
        // Every combination of what the pass may have to copy: h0, c0 (LSTM only), a batch-first input.
        for (int mask = 0; mask < 8; mask++) {
            boolean withH0 = (mask & 1) != 0;
            boolean withC0 = (mask & 2) != 0 && cell.hasCellState();
            boolean batchFirst = (mask & 4) != 0;
            long expected = activations + lengths + (withH0 ? state : 0) + (withC0 ? state : 0)
                    + (batchFirst ? input : 0);
            float[] x = batchFirst ? swap(c.input(), T, B, I) : c.input();
            int[] xShape = batchFirst ? new int[] {B, T, I} : new int[] {T, B, I};
            try (Rnn rnn = backend.createRnn(spec); Tensor xt = backend.fromHost(x, xShape);
                 Tensor h0 = backend.fromHost(c.h0(), L * D, B, H); Tensor c0 = backend.fromHost(c.h0(), L * D, B, H);
                 ForwardResult f = rnn.forward(xt, withH0 ? h0 : null, withC0 ? c0 : null, null,
                         RunOptions.training(1).withBatchFirst(batchFirst))) {
                String what = cell + (withH0 ? " with h0" : "") + (withC0 ? " with c0" : "")
                        + (batchFirst ? " batch-first" : "");
                assertEquals(expected, f.tape().bytes(), what + ": bytes the tape holds");
                assertEquals(expected, spec.tapeBytes(T, B, withH0, withC0, batchFirst), what + ": documented formula");
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        RnnSpec spec = new RnnSpec(CellType.GRU, 3, 4, 1, true, true, 0f);
        try (Rnn rnn = backend.createRnn(spec); Tensor x = backend.allocate(5, 2, 4); Tensor ok = backend.allocate(5, 2, 3);
             Tensor c0 = backend.allocate(2, 2, 4); Tensor step = backend.allocate(2, 3); Tensor out = backend.allocate(2, 4)) {
            var e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(x, null, null, null, RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("input has shape [5, 2, 4]") && e.getMessage().contains("3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> rnn.forward(ok, null, null, new int[] {5, 6}, RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("lengths[1] = 6"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> rnn.forward(ok, null, null, new int[] {5}, RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("lengths has 1 entries"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(ok, null, c0, null, RunOptions.INFERENCE));
            assertTrue(e.getMessage().contains("no cell state"), e.getMessage());
            try (org.jrnn.RnnState state = rnn.newState(2)) {
                var s = assertThrows(IllegalStateException.class, () -> rnn.step(step, state, out));
                assertTrue(s.getMessage().contains("unidirectional"), s.getMessage());
            }
        }
    }

    // ----------------------------------------------------------------- helpers

    /** Rows [0, len) of sequence b from a time-major [T, B, F] array, as [len, 1, F]. */
    static float[] rows(float[] a, int T, int B, int F, int b, int len) {
        float[] out = new float[len * F];
        for (int t = 0; t < len; t++) {
            System.arraycopy(a, (t * B + b) * F, out, t * F, F);
        }
        return out;
    }

    /** Sequence b's slices of a [S, B, H] state, as [S, 1, H]. */
    static float[] stateRow(float[] a, int S, int B, int H, int b) {
        float[] out = new float[S * H];
        for (int s = 0; s < S; s++) {
            System.arraycopy(a, (s * B + b) * H, out, s * H, H);
        }
        return out;
    }

    /** [n0, n1, F] to [n1, n0, F]. */
    static float[] swap(float[] a, int n0, int n1, int F) {
        float[] out = new float[a.length];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                System.arraycopy(a, (i * n1 + j) * F, out, (j * n0 + i) * F, F);
            }
        }
        return out;
    }
}
