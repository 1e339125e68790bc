package org.jrnn.engine;

import org.jrnn.backend.Backend;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * Memory for one result tensor of a network (an output, a final state, a gradient) that is reused between calls.
 * {@link #take} hands out a view of the slot's memory when the caller has closed the previous one; while the
 * caller still holds it, {@link #take} returns a fresh tensor that the caller owns outright. Either way the caller
 * closes what it got; closing a pooled view returns the memory to the slot.
 */
final class ResultSlot implements AutoCloseable {
    private final Backend backend;
    private Tensor root;
    private Tensor handedOut;

    ResultSlot(Backend backend) {
        this.backend = backend;
    }

    /** A tensor of the given shape; its contents are undefined (the callers overwrite every element). */
    Tensor take(int... shape) {
        if (handedOut != null && !handedOut.isClosed()) {
            return backend.allocate(shape);
        }
        int n = Shapes.size(shape);
        if (root == null || root.size() < n) {
            if (root != null) {
                root.close();
            }
            root = backend.allocate(Math.max(n, 1));
        }
        handedOut = root.view(0, shape);
        return handedOut;
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
        handedOut = null;
    }
}
