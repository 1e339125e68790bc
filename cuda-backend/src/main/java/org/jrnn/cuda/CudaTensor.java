package org.jrnn.cuda;

import java.util.Arrays;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * A tensor in device memory: a window (element offset, shape) of a root's pool block. Views share the root's
 * {@link Storage}; closing the root returns the block to the pool and makes every view unusable, closing a view
 * only marks the view. Using a closed tensor fails with {@link IllegalStateException} before anything is queued.
 */
final class CudaTensor implements Tensor {

    /** The memory of one root tensor, shared by its views. */
    static final class Storage {
        final MemoryPool.Block block;
        final long bytes;
        boolean closed;

        Storage(MemoryPool.Block block, long bytes) {
            this.block = block;
            this.bytes = bytes;
        }
    }

    private final CudaBackend backend;
    private final Storage storage;
    private final ElementType type;
    private final int[] shape;
    private final long offset; // elements from the start of the block
    private final boolean root;
    private boolean closed;

    CudaTensor(CudaBackend backend, Storage storage, ElementType type, int[] shape, long offset, boolean root) {
        this.backend = backend;
        this.storage = storage;
        this.type = type;
        this.shape = shape;
        this.offset = offset;
        this.root = root;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public ElementType elementType() {
        return type;
    }

    @Override
    public int[] shape() {
        return shape;
    }

    /** The device address of element 0; fails naming {@code what} when closed. */
    long address(String what) {
        if (isClosed()) {
            throw new IllegalStateException(what + " " + Arrays.toString(shape) + " was used after it was closed");
        }
        return storage.block.address() + offset * type.bytes();
    }

    long address() {
        return address("tensor");
    }

    @Override
    public Tensor view(int offset, int... shape) {
        if (isClosed()) {
            throw new IllegalStateException("cannot view " + Arrays.toString(this.shape) + ": it was closed");
        }
        int n = Shapes.size(shape);
        if (offset < 0 || (long) offset + n > size()) {
            throw new IllegalArgumentException("a view of shape " + Arrays.toString(shape) + " at element " + offset
                    + " does not fit in " + Arrays.toString(this.shape) + " (" + size() + " elements)");
        }
        return new CudaTensor(backend, storage, type, shape.clone(), this.offset + offset, false);
    }

    @Override
    public boolean isClosed() {
        return closed || storage.closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (root && !storage.closed) {
            storage.closed = true;
            backend.release(storage);
        }
    }

    @Override
    public String toString() {
        return "CudaTensor" + Arrays.toString(shape) + (type == ElementType.INT32 ? " int32" : "")
                + (isClosed() ? " (closed)" : "");
    }
}
