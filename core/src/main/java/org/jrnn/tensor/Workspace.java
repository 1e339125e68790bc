package org.jrnn.tensor;

import org.jrnn.backend.Backend;

/**
 * Internal workspaces on a backend (of a network, a model): numbered slots, each one root tensor that only grows, handed out
 * as views of the size asked for. A slot's previous views become invalid when it grows. Fresh memory is zero;
 * reused memory keeps whatever was last written.
 */
public final class Workspace implements AutoCloseable {
    private final Backend backend;
    private final Tensor[] roots;

    public Workspace(Backend backend, int slots) {
        this.backend = backend;
        this.roots = new Tensor[slots];
    }

    /** A float32 view of slot {@code slot} with the given shape. */
    public Tensor get(int slot, int... shape) {
        return get(slot, ElementType.FLOAT32, shape);
    }

    public Tensor get(int slot, ElementType type, int... shape) {
        int n = Shapes.size(shape);
        Tensor root = roots[slot];
        if (root == null || root.size() < n || root.elementType() != type) {
            if (root != null) {
                root.close();
            }
            root = roots[slot] = backend.allocate(type, Math.max(n, 1));
        }
        return root.view(0, shape);
    }

    @Override
    public void close() {
        for (int i = 0; i < roots.length; i++) {
            if (roots[i] != null) {
                roots[i].close();
                roots[i] = null;
            }
        }
    }
}
