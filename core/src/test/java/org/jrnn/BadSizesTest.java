package org.jrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jrnn.backend.Backend;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

/** Rows A1 to A8 of docs/bad-input.md: sizes, shapes, nulls and lengths through the API. */
class BadSizesTest {
    private static String fails(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    /** Like {@link #fails} for a call that creates a tensor: one created by mistake is closed before the test fails. */
    private static String failsToCreate(ThrowingSupplier<? extends AutoCloseable> create) {
        return fails(() -> create.get().close());
    }

    @Test
    void specSizes() {
        assertEquals("hidden size must be >= 1, got 0",
                fails(() -> new RnnSpec(CellType.LSTM, 3, 0, 1, false, true, 0f)));
        assertEquals("input size must be >= 1, got -1",
                fails(() -> new RnnSpec(CellType.LSTM, -1, 4, 1, false, true, 0f)));
        assertEquals("layers must be >= 1, got 0", fails(() -> new RnnSpec(CellType.GRU, 3, 4, 0, false, true, 0f)));
        assertEquals("dropout must be in [0, 1), got NaN",
                fails(() -> new RnnSpec(CellType.GRU, 3, 4, 2, false, true, Float.NaN)));
        assertTrue(fails(() -> new RnnSpec(CellType.LSTM, 3, 1 << 30, 1, false, true, 0f))
                .startsWith("hidden size 1073741824 is too large: a lstm has 4*H gate rows"));
    }

    @Test
    void tooManyParameters() {
        RnnSpec big = new RnnSpec(CellType.LSTM, 3, 1 << 14, 4, true, true, 0f);
        assertTrue(fails(big::parameterLayout).contains("has more than 2^31-1 parameters"));
        try (Backend backend = new ReferenceBackend()) {
            ModelSpec spec = new ModelSpec(new EmbeddingSpec(1 << 20, 1 << 12, 0),
                    new RnnSpec(CellType.GRU, 1 << 12, 4, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(2));
            assertTrue(fails(() -> SequenceModel.create(backend, spec)).contains("more than 2^31-1 parameters"));
        }
    }

    @Test
    void tensorShapesAndHostData() {
        try (Backend backend = new ReferenceBackend()) {
            assertTrue(failsToCreate(() -> backend.allocate(ElementType.FLOAT32, 1 << 20, 1 << 20))
                    .equals("shape [1048576, 1048576] has more than 2^31-1 elements, more than one tensor can hold"));
            assertEquals("negative dimension in [-1, 0]", failsToCreate(() -> backend.fromHost(new float[0], -1, 0)));
            assertEquals("host data for a tensor of shape [2, 3] must be given, got null",
                    failsToCreate(() -> backend.fromHost((float[]) null, 2, 3)));
            assertEquals("host array of 5 floats does not fill shape [2, 3]",
                    failsToCreate(() -> backend.fromHost(new float[5], 2, 3)));
            assertEquals(0, backend.memoryInUse().tensors());
        }
    }

    @Test
    void forwardArguments() {
        RunOptions batchFirst = new RunOptions(false, 0L, true);
        try (Backend backend = new ReferenceBackend();
             Rnn rnn = backend.createRnn(new RnnSpec(CellType.LSTM, 3, 4, 1, false, true, 0f));
             Tensor x = backend.fromHost(new float[30], 2, 5, 3);
             Tensor wide = backend.fromHost(new float[40], 2, 5, 4);
             Tensor ints = backend.fromHost(new int[30], 2, 5, 3)) {
            assertEquals("input must be given, got null", fails(() -> rnn.forward(null, null, null, null, batchFirst)));
            assertEquals("input has shape [2, 5, 4] but [B, T, 3] was expected",
                    fails(() -> rnn.forward(wide, null, null, null, batchFirst)));
            assertEquals("input holds INT32 elements but FLOAT32 was expected",
                    fails(() -> rnn.forward(ints, null, null, null, batchFirst)));
            assertEquals("lengths[1] = 6 is outside [0, 5] (T = 5)",
                    fails(() -> rnn.forward(x, null, null, new int[] {5, 6}, batchFirst)));
            assertEquals("lengths[0] = -1 is outside [0, 5] (T = 5)",
                    fails(() -> rnn.forward(x, null, null, new int[] {-1, 5}, batchFirst)));
            assertEquals("lengths has 1 entries but the batch has 2",
                    fails(() -> rnn.forward(x, null, null, new int[] {5}, batchFirst)));
        }
    }

    /** The documented choice: Rnn.forward does not screen values; a NaN reaches that sequence's outputs. */
    @Test
    void forwardDoesNotScreenValues() {
        float[] in = new float[30];
        in[15 + 3] = Float.NaN; // batch 1, step 1, feature 0
        try (Backend backend = new ReferenceBackend();
             Rnn rnn = backend.createRnn(new RnnSpec(CellType.GRU, 3, 4, 1, false, true, 0f));
             Tensor x = backend.fromHost(in, 2, 5, 3);
             ForwardResult r = rnn.forward(x, null, null, null, new RunOptions(false, 0L, true))) {
            float[] h = backend.toHost(r.hN()); // [1, 2, 4]
            for (int j = 0; j < 4; j++) {
                assertTrue(Float.isFinite(h[j]), "batch 0 is untouched");
                assertTrue(Float.isNaN(h[4 + j]), "batch 1 carries the NaN");
            }
        }
    }
}
