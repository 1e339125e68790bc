package org.jrnn.backend;

import java.util.Arrays;
import org.jrnn.tensor.Tensor;

/**
 * Shape checks of the {@link TensorOps} arguments, shared by every backend so that a mistake gets the same message
 * wherever it runs. Every failure is an {@link IllegalArgumentException} that names the argument and what was
 * expected. A "matrix" of any rank is {@code [rows(t), cols(t)]}: the last dimension is the columns and the product
 * of the others the rows (so a [0] tensor is one row of zero columns).
 */
public final class OpShapes {
    private OpShapes() {}

    /** The last dimension (1 for a scalar of rank 0). */
    public static int cols(Tensor t) {
        int[] s = t.shape();
        return s.length == 0 ? 1 : s[s.length - 1];
    }

    /** The product of all but the last dimension. */
    public static int rows(Tensor t) {
        int[] s = t.shape();
        int r = 1;
        for (int i = 0; i < s.length - 1; i++) {
            r = Math.multiplyExact(r, s[i]);
        }
        return r;
    }

    /** Fails unless {@code t} read as a matrix is [r, c]. */
    public static void matrix(String what, Tensor t, int r, int c) {
        if (rows(t) != r || cols(t) != c) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " (read as ["
                    + rows(t) + ", " + cols(t) + "]) but [" + r + ", " + c + "] was expected");
        }
    }

    /** Fails unless {@code t} has exactly {@code n} elements; {@code expected} says which shape that is. */
    public static void size(String what, Tensor t, int n, String expected) {
        if (t.size() != n) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " ("
                    + t.size() + " elements) but " + expected + " (" + n + " elements) was expected");
        }
    }

    /** Fails unless {@code t} has as many elements as {@code other}. */
    public static void sameSize(String what, Tensor t, String otherName, Tensor other) {
        size(what, t, other.size(), "the size of " + otherName + " " + Arrays.toString(other.shape()));
    }

    /** Fails unless {@code t} has rank {@code rank}. */
    public static void rank(String what, Tensor t, int rank, String meaning) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " but a rank-"
                    + rank + " tensor " + meaning + " was expected");
        }
    }

    /** Fails unless {@code lo <= v < hi}, naming the element by its index. */
    public static void index(String what, int i, int v, int lo, int hi) {
        if (v < lo || v >= hi) {
            throw new IllegalArgumentException(what + "[" + i + "] = " + v + " is outside [" + lo + ", " + hi + ")");
        }
    }
}
