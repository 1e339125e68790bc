package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrnn.backend.MemoryUse;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A reference backend per test, tensors made from literals and closed after the test, and the leak check: the
 * backend's live tensor count is back at its starting value.
 */
abstract class OpsFixture {
    static final float GUARD = -999f;

    protected ReferenceBackend backend;
    protected ReferenceOps ops;
    private MemoryUse start;
    private final List<Tensor> roots = new ArrayList<>();

    @BeforeEach
    void openBackend() {
        backend = new ReferenceBackend();
        ops = backend.ops();
        start = backend.memoryInUse();
    }

    @AfterEach
    void closeAndCheckLeaks() {
        roots.forEach(Tensor::close);
        roots.clear();
        assertEquals(start.tensors(), backend.memoryInUse().tensors(), "tensors leaked");
        backend.close();
    }

    Tensor floats(float[] values, int... shape) {
        return keep(backend.fromHost(values, shape));
    }

    Tensor ints(int[] values, int... shape) {
        return keep(backend.fromHost(values, shape));
    }

    Tensor zeros(int... shape) {
        return keep(backend.allocate(shape));
    }

    Tensor filled(float value, int... shape) {
        Tensor t = zeros(shape);
        ops.fill(t, value);
        return t;
    }

    /** A view at element {@code offset} of a root with {@code offset} guard elements before and 3 after it. */
    Tensor atOffset(int offset, float[] values, int... shape) {
        float[] host = new float[offset + values.length + 3];
        Arrays.fill(host, GUARD);
        System.arraycopy(values, 0, host, offset, values.length);
        return floats(host, host.length).view(offset, shape);
    }

    /** An int32 view at element {@code offset}, guards as {@link #atOffset}. */
    Tensor intsAtOffset(int offset, int[] values, int... shape) {
        int[] host = new int[offset + values.length + 3];
        Arrays.fill(host, (int) GUARD);
        System.arraycopy(values, 0, host, offset, values.length);
        return ints(host, host.length).view(offset, shape);
    }

    /** Every element of the view's root outside the view still holds {@link #GUARD}: nothing wrote past it. */
    void assertGuards(Tensor view) {
        HostTensor h = (HostTensor) view;
        boolean ints = h.elementType() == ElementType.INT32;
        int length = ints ? h.ints().length : h.data().length;
        for (int i = 0; i < length; i++) {
            if (i < h.offset() || i >= h.offset() + h.size()) {
                assertEquals(GUARD, ints ? h.ints()[i] : h.data()[i], "guard element " + i + " of " + view);
            }
        }
    }

    float[] get(Tensor t) {
        return backend.toHost(t);
    }

    float scalar(Tensor t) {
        return backend.readScalar(t);
    }

    private Tensor keep(Tensor t) {
        roots.add(t);
        return t;
    }
}
