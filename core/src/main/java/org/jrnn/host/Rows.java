package org.jrnn.host;

import org.jrnn.engine.DirectionOutput;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * A heap tensor seen as rows, as heap kernels index it: row r starts at {@code array[offset + r * stride]}. For a
 * time-major sequence row (t, b) is r = t*B + b; for a direction's output the offset includes its column.
 */
public record Rows(float[] array, int offset, int stride) {

    /** Rows of length {@code t}'s last dimension; null for a null tensor (an absent, zero gradient). */
    public static Rows of(Tensor t, String what) {
        if (t == null) {
            return null;
        }
        HostTensor h = HostTensor.of(t, what);
        return new Rows(h.data(), h.offset(), t.rank() == 0 ? 1 : t.dim(t.rank() - 1));
    }

    /** A direction's columns of a layer output [T, B, D*H]: offset at its column, stride D*H. */
    public static Rows of(DirectionOutput y) {
        HostTensor h = HostTensor.of(y.y(), "layer output");
        return new Rows(h.data(), h.offset() + y.column(), y.rowStride());
    }

    /** The same buffer seen with the rows of another tensor of the same layout (dy read like y). */
    public static Rows sameColumns(Tensor t, DirectionOutput like, String what) {
        if (t == null) {
            return null;
        }
        HostTensor h = HostTensor.of(t, what);
        return new Rows(h.data(), h.offset() + like.column(), like.rowStride());
    }

    /** Index of element j of row r. */
    public int at(int r) {
        return offset + r * stride;
    }
}
