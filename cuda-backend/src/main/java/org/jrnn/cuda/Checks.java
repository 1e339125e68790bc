package org.jrnn.cuda;

import java.util.Arrays;
import org.jrnn.tensor.Tensor;

/**
 * Host-side shape checks of the operations, with the reference backend's messages (a "matrix" of any rank is
 * [product of all but the last dimension, last dimension]). They run before anything is queued, so a failed check
 * leaves every output untouched.
 */
final class Checks {
    private Checks() {}

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

    static void matrix(String what, Tensor t, int r, int c) {
        if (rows(t) != r || cols(t) != c) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " (read as ["
                    + rows(t) + ", " + cols(t) + "]) but [" + r + ", " + c + "] was expected");
        }
    }

    static void size(String what, Tensor t, int n, String expected) {
        if (t.size() != n) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " ("
                    + t.size() + " elements) but " + expected + " (" + n + " elements) was expected");
        }
    }

    static void sameSize(String what, Tensor t, String otherName, Tensor other) {
        size(what, t, other.size(), "the size of " + otherName + " " + Arrays.toString(other.shape()));
    }

    static void rank(String what, Tensor t, int rank, String meaning) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape()) + " but a rank-"
                    + rank + " tensor " + meaning + " was expected");
        }
    }
}
