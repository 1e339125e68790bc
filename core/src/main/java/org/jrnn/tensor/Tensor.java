package org.jrnn.tensor;

import java.util.Arrays;
import org.jrnn.backend.Backend;

/**
 * A dense row-major array owned by one backend: heap memory for the CPU backends, device memory for a GPU backend.
 * Data crosses between the host and a backend only through the copies of {@link Backend}.
 *
 * <p>Views: {@link #view} is a window of consecutive elements of this tensor with a shape of its own, sharing the
 * memory (no copy): one named weight of a flat parameter buffer, one time step of a sequence, one batch slice. A
 * view's lifetime is its root's: closing the root tensor releases the memory and invalidates every view of it;
 * closing a view only invalidates that view. Using a closed tensor fails with {@link IllegalStateException}.
 */
public interface Tensor extends AutoCloseable {

    Backend backend();

    ElementType elementType();

    /** The dimensions; callers must not modify the returned array. */
    int[] shape();

    /** Number of elements: the product of the dimensions. */
    default int size() {
        return Shapes.size(shape());
    }

    default int dim(int i) {
        return shape()[i];
    }

    default int rank() {
        return shape().length;
    }

    /** Bytes of data this tensor addresses (not counting the memory of its root outside the window). */
    default long bytes() {
        return (long) size() * elementType().bytes();
    }

    /**
     * A window of {@code Shapes.size(shape)} consecutive elements starting at element {@code offset} of this tensor,
     * seen with the given shape. No copy; same element type; fails with a message naming both shapes when the window
     * does not fit.
     */
    Tensor view(int offset, int... shape);

    /** This tensor's elements with another shape of the same size (a view at offset 0). */
    default Tensor reshape(int... shape) {
        if (Shapes.size(shape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.toString(shape()) + " (" + size()
                    + " elements) to " + Shapes.toString(shape) + " (" + Shapes.size(shape) + " elements)");
        }
        return view(0, shape);
    }

    /** Index {@code i} along the first dimension: a view of shape {@code shape()[1..]}. */
    default Tensor slice(int i) {
        int[] s = shape();
        if (s.length == 0 || i < 0 || i >= s[0]) {
            throw new IndexOutOfBoundsException("index " + i + " along dimension 0 of " + Shapes.toString(s));
        }
        int[] rest = Arrays.copyOfRange(s, 1, s.length);
        return view(i * Shapes.size(rest), rest);
    }

    /** Rows [from, to) along the first dimension, as a view. */
    default Tensor rows(int from, int to) {
        int[] s = shape();
        if (s.length == 0 || from < 0 || to < from || to > s[0]) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + Shapes.toString(s));
        }
        int[] r = s.clone();
        r[0] = to - from;
        int rowSize = s[0] == 0 ? 0 : size() / s[0];
        return view(from * rowSize, r);
    }

    /** Whether this tensor (or, for a view, its root) has been closed. */
    boolean isClosed();

    /** A root tensor releases its memory and invalidates its views; a view only becomes unusable itself. */
    @Override
    void close();

    /** Fails with a message naming {@code what} unless the shape is exactly {@code expected}. */
    default Tensor requireShape(String what, int... expected) {
        if (!Arrays.equals(shape(), expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(shape()) + " but "
                    + Arrays.toString(expected) + " was expected");
        }
        return this;
    }

    /** Fails with a message naming {@code what} unless the element type is {@code expected}. */
    default Tensor requireType(String what, ElementType expected) {
        if (elementType() != expected) {
            throw new IllegalArgumentException(what + " holds " + elementType() + " elements but " + expected
                    + " was expected");
        }
        return this;
    }
}
