package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.backend.MemoryUse;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Memory over long sequences, on the backend's own count ({@link Backend#memoryInUse()}): a training pass holds
 * exactly the bytes {@code docs/memory.md} gives as a function of T, B, H, I, L, D and the cell, and streaming over
 * T = 100,000 steps (one step at a time, or chunks with the state carried) holds constant memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MemoryContract {

    protected abstract Backend newBackend();

    protected Backend backend;

    @BeforeAll
    void open() {
        backend = newBackend();
    }

    @AfterAll
    void close() {
        assertEquals(0, backend.memoryInUse().tensors(), "every tensor closed");
        backend.close();
    }

    // ------------------------------------------------------------------ training memory as a function of T

    /** Gate rows per unit: LSTM 4, GRU 3, RNN 1. */
    private static int gates(CellType cell) {
        return switch (cell) {
            case LSTM -> 4;
            case GRU -> 3;
            case RNN_TANH, RNN_RELU -> 1;
        };
    }

    /**
     * docs/memory.md, "What a training forward pass adds": the tape, the results and the driver's buffers, in bytes,
     * for a time-major input, no h0/c0, all lengths T.
     */
    static long forwardBytes(RnnSpec s, int T, int B) {
        long L = s.layers(), D = s.directions(), H = s.hiddenSize();
        boolean lstm = s.cell() == CellType.LSTM, gru = s.cell() == CellType.GRU;
        boolean masks = s.dropout() > 0f && L > 1;
        long perLayerDirection = (long) T * B * H * ((lstm || gru ? gates(s.cell()) : 0) // activated gates
                + (lstm ? 1 : 0)   // c of every step
                + (gru ? 1 : 0));  // W_hn h + b_hn of every step
        long tape = L * D * perLayerDirection
                + L * T * B * D * H                           // each layer's output: h of both directions
                + (masks ? (L - 1) * T * B * D * H : 0);     // dropout masks below the top layer
        long results = (long) T * B * D * H                 // output
                + L * D * B * H * (lstm ? 2 : 1);           // h_n (and c_n)
        long driver = (long) B * H                          // the zero state
                + (masks ? (long) T * B * D * H : 0);       // the masked layer input
        return 4 * (tape + results + driver) + 4L * B;      // + the lengths, int32
    }

    /** docs/memory.md, "What backward adds": the input and initial-state gradients and dx of layers 1..L-1. */
    static long backwardBytes(RnnSpec s, int T, int B) {
        long L = s.layers(), D = s.directions(), H = s.hiddenSize(), I = s.inputSize();
        boolean lstm = s.cell() == CellType.LSTM;
        return 4 * ((long) T * B * I + L * D * B * H * (lstm ? 2 : 1) + (L - 1) * T * B * D * H);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
    void trainingMemoryGrowsWithTExactlyAsDocumented(CellType cell) {
        int B = 3;
        long[] forward = new long[4];
        int[] steps = {1, 10, 100, 250};
        for (RnnSpec spec : new RnnSpec[] {new RnnSpec(cell, 3, 5, 1, false, true, 0f),
                new RnnSpec(cell, 3, 5, 2, true, true, 0.25f)}) {
            for (int k = 0; k < steps.length; k++) {
                int T = steps[k];
                String what = spec.cell() + " L=" + spec.layers() + " D=" + spec.directions() + " T=" + T;
                Fixtures.Case c = Fixtures.Case.random(spec, T, B, null, 31 + T);
                MemoryUse start = backend.memoryInUse();
                try (Rnn rnn = backend.createRnn(spec); Tensor x = backend.fromHost(c.input(), c.inputShape());
                     Tensor dy = backend.fromHost(c.gradOutput(), c.outputShape())) {
                    long base = backend.memoryInUse().bytes();
                    long afterForward;
                    try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.training(5))) {
                        afterForward = backend.memoryInUse().bytes();
                        assertEquals(forwardBytes(spec, T, B), afterForward - base, what + ": training forward");
                        assertEquals(spec.tapeBytes(T, B), f.tape().bytes(), what + ": the tape");
                        rnn.zeroGradients();
                        try (BackwardResult b = rnn.backward(f.tape(), dy, null, null)) {
                            assertEquals(backwardBytes(spec, T, B), backend.memoryInUse().bytes() - afterForward,
                                    what + ": backward");
                        }
                    }
                    // Closed results return to the network: a second step of the same shape allocates nothing.
                    long pooled = backend.memoryInUse().bytes();
                    try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.training(5));
                         BackwardResult b = rnn.backward(f.tape(), dy, null, null)) {
                        assertEquals(pooled, backend.memoryInUse().bytes(), what + ": second step");
                    }
                    forward[k] = afterForward - base;
                }
                assertEquals(start, backend.memoryInUse(), what + ": everything freed with the network");
            }
            // Linear in T: equal steps of T add equal bytes (the per-step cost of the formula).
            long perStep = (forward[2] - forward[1]) / 90;
            assertEquals(perStep * 150, forward[3] - forward[2], spec + ": linear in T");
            assertEquals(perStep * 9, forward[1] - forward[0], spec + ": linear in T");
        }
    }

    // ------------------------------------------------------------------ streaming

    private static final int STREAM_STEPS = 100_000, CHUNK = 100;

    private static long heapAfterGc(MemoryMXBean mx) {
        System.gc();
        return mx.getHeapMemoryUsage().getUsed();
    }

    /**
     * T = 100,000 steps through {@link Rnn#step} with the state carried, and the same sequence as 1000 chunks of 100
     * through {@link Rnn#forward} with h_n/c_n carried as the next chunk's h0/c0: the backend's memory is the same at
     * chunk 10 and chunk 1000, the heap after a GC grows by less than 2 MiB (so under 21 bytes a step), and the two
     * routes end in the same state. A two-layer LSTM, so that both h and c are carried through a stack.
     */
    @Test
    void streamingHundredThousandStepsHoldsMemoryConstant() {
        CellType cell = CellType.LSTM;
        RnnSpec spec = new RnnSpec(cell, 4, 8, 2, false, true, 0f);
        int B = 1, I = 4, H = 8;
        SplittableRandom r = new SplittableRandom(17);
        float[] params = Fixtures.uniform(r, spec.parameterLayout().size(), 0.35);
        float[] chunkInput = Fixtures.uniform(r, CHUNK * B * I, 1.0); // [CHUNK, B, I], fed again every chunk
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        float[] stepState;
        float[] chunkState;
        try (Rnn rnn = backend.createRnn(spec); RnnState state = rnn.newState(B);
             Tensor x = backend.allocate(B, I); Tensor out = backend.allocate(B, H)) {
            backend.copyFromHost(params, 0, rnn.parameters());
            MemoryUse atChunk10 = null;
            long heapAtChunk10 = 0;
            for (int chunk = 1; chunk <= STREAM_STEPS / CHUNK; chunk++) {
                for (int t = 0; t < CHUNK; t++) {
                    backend.copyFromHost(chunkInput, t * B * I, x);
                    rnn.step(x, state, out);
                }
                if (chunk == 10) {
                    atChunk10 = backend.memoryInUse();
                    heapAtChunk10 = heapAfterGc(mx);
                }
            }
            assertEquals(atChunk10, backend.memoryInUse(), cell + " step: backend memory at chunk 10 and 1000");
            long growth = heapAfterGc(mx) - heapAtChunk10;
            assertTrue(growth < 2 << 20, cell + " step: heap grew by " + growth + " bytes from chunk 10 to 1000");
            stepState = backend.toHost(state.h());
        }
        int[] stateShape = spec.stateShape(B);
        try (Rnn rnn = backend.createRnn(spec); Tensor x = backend.fromHost(chunkInput, CHUNK, B, I);
             Tensor h = backend.allocate(stateShape); Tensor c = cell.hasCellState() ? backend.allocate(stateShape) : null) {
            backend.copyFromHost(params, 0, rnn.parameters());
            MemoryUse atChunk10 = null;
            long heapAtChunk10 = 0;
            for (int chunk = 1; chunk <= STREAM_STEPS / CHUNK; chunk++) {
                try (ForwardResult f = rnn.forward(x, h, c, null, RunOptions.INFERENCE)) {
                    backend.copy(f.hN(), h);
                    if (c != null) {
                        backend.copy(f.cN(), c);
                    }
                }
                if (chunk == 10) {
                    atChunk10 = backend.memoryInUse();
                    heapAtChunk10 = heapAfterGc(mx);
                }
            }
            assertEquals(atChunk10, backend.memoryInUse(), cell + " chunks: backend memory at chunk 10 and 1000");
            long growth = heapAfterGc(mx) - heapAtChunk10;
            assertTrue(growth < 2 << 20, cell + " chunks: heap grew by " + growth + " bytes from chunk 10 to 1000");
            chunkState = backend.toHost(h);
        }
        for (float v : stepState) {
            assertTrue(Float.isFinite(v) && Math.abs(v) < 1f, cell + ": state " + v);
        }
        new Tolerance(1e-4, 1e-4).assertClose(cell + ": state after 100,000 steps, step vs chunks", stepState,
                chunkState);
    }
}
