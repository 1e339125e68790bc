package org.jrnn.reference;

import java.util.Arrays;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * Argument checks shared by the reference operations: every failure is an {@link IllegalArgumentException} that
 * names the argument and what was expected. A "matrix" of any rank is {@code [rows(t), cols(t)]}: the last
 * dimension is the columns and the product of the others the rows (so a [0] tensor is one row of zero columns).
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

    static int cols(Tensor t) {
        int[] s = t.shape();
        return s.length == 0 ? 1 : s[s.length - 1];
    }

    static int rows(Tensor t) {
        int[] s = t.shape();
        int r = 1;
        for (int i = 0; i < s.length - 1; i++) {
            r = Math.multiplyExact(r, s[i]);
        }
        return r;
    }

    /** Fails unless {@code t} read as a matrix is [r, c]. */
    static void matrix(String what, Tensor t, int r, int c) {
        if (rows(t) != r || cols(t) != c) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " (read as ["
                    + rows(t) + ", " + cols(t) + "]) but [" + r + ", " + c + "] was expected");
        }
    }

    /** Fails unless {@code t} has exactly {@code n} elements; {@code expected} says which shape that is. */
    static void size(String what, Tensor t, int n, String expected) {
        if (t.size() != n) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " ("
                    + t.size() + " elements) but " + expected + " (" + n + " elements) was expected");
        }
    }

    static void sameSize(String what, Tensor t, String otherName, Tensor other) {
        size(what, t, other.size(), "the size of " + otherName + " " + Arrays.toString(other.shape()));
    }

    /** A one-element float32 tensor (a loss, a norm, a factor). */
    static HostTensor scalar(Backend backend, Tensor t, String what) {
        HostTensor h = floats(backend, t, what);
        size(what, h, 1, "[1]");
        return h;
    }

    static void shape(String what, Tensor t, int... expected) {
        t.requireShape(what, expected);
    }

    /** Fails unless {@code t} has rank {@code rank}. */
    static void rank(String what, Tensor t, int rank, String meaning) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " but a rank-"
                    + rank + " tensor " + meaning + " was expected");
        }
    }

    /** Fails unless {@code lo <= v < hi}, naming the element by its index. */
    static void index(String what, int i, int v, int lo, int hi) {
        if (v < lo || v >= hi) {
            throw new IllegalArgumentException(what + "[" + i + "] = " + v + " is outside [" + lo + ", " + hi + ")");
        }
    }
}
