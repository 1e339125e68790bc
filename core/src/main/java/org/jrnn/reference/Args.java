package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.backend.OpShapes;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * The reference operations' checks of heap tensors (element type, backend, open). Shape checks, shared with every
 * backend, are {@link OpShapes}. Every failure is an {@link IllegalArgumentException} that names the argument and
 * what was expected.
 */
final class Args {
    private Args() {}

    /** A float32 heap tensor of {@code backend}, open. */
    static HostTensor floats(Backend backend, Tensor t, String what) {
        return typed(backend, t, what, ElementType.FLOAT32);
    }

    /** An int32 heap tensor of {@code backend}, open. */
    static HostTensor ints(Backend backend, Tensor t, String what) {
        return typed(backend, t, what, ElementType.INT32);
    }

    /** {@link #floats}, or null when {@code t} is null (an optional mask or weight). */
    static HostTensor optionalFloats(Backend backend, Tensor t, String what) {
        return t == null ? null : floats(backend, t, what);
    }

    private static HostTensor typed(Backend backend, Tensor t, String what, ElementType type) {
        if (t == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        HostTensor h = HostTensor.of(t, what);
        if (h.backend() != backend) {
            throw new IllegalArgumentException(what + " belongs to backend '" + h.backend().name() + "', not '"
                    + backend.name() + "'");
        }
        h.requireType(what, type);
        return h;
    }






    /** A one-element float32 tensor (a loss, a norm, a factor). */
    static HostTensor scalar(Backend backend, Tensor t, String what) {
        HostTensor h = floats(backend, t, what);
        OpShapes.size(what, h, 1, "[1]");
        return h;
    }

    static void shape(String what, Tensor t, int... expected) {
        t.requireShape(what, expected);
    }


}
