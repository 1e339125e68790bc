package org.jrnn.tensor;

import java.util.Arrays;
import org.jrnn.backend.Backend;

/**
 * A dense float32 array owned by one backend: heap memory for the CPU backends, device memory for a GPU backend.
 * Data crosses between the host and a backend only through {@link Backend#copyFromHost} and
 * {@link Backend#copyToHost}. Row-major; the last dimension is contiguous.
 */
public interface Tensor extends AutoCloseable {

    Backend backend();

    /** The dimensions; callers must not modify the returned array. */
    int[] shape();

    /** Number of floats: the product of the dimensions. */
    default int size() {
        return Shapes.size(shape());
    }

    default int dim(int i) {
        return shape()[i];
    }

    default int rank() {
        return shape().length;
    }

    /** Releases the memory (a no-op for heap tensors); the tensor must not be used afterwards. */
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
}
