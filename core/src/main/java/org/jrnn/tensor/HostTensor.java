package org.jrnn.tensor;

import java.util.Arrays;
import java.util.Objects;
import org.jrnn.backend.Backend;

/**
 * A tensor in a Java array on the heap, used by the CPU backends: a {@code float[]} ({@link #data()}) or an
 * {@code int[]} ({@link #ints()}); the tensor's elements are {@code array[offset() .. offset() + size())}. Views share
 * the array and the root's {@link Lifetime}.
 */
public final class HostTensor implements Tensor {
    /** Open/closed state of a root tensor, shared by its views. */
    public static final class Lifetime {
        private final Runnable onClose;
        private boolean closed;

        public Lifetime(Runnable onClose) {
            this.onClose = onClose;
        }

        boolean closed() {
            return closed;
        }

        void close() {
            if (!closed) {
                closed = true;
                if (onClose != null) {
                    onClose.run();
                }
            }
        }
    }

    private final Backend backend;
    private final int[] shape;
    private final float[] floats;
    private final int[] ints;
    private final int offset;
    private final Lifetime lifetime;
    private final boolean root;
    private boolean viewClosed;

    private HostTensor(Backend backend, float[] floats, int[] ints, int offset, int[] shape, Lifetime lifetime,
                       boolean root) {
        this.backend = Objects.requireNonNull(backend);
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        this.offset = offset;
        this.lifetime = lifetime;
        this.root = root;
        int length = floats != null ? floats.length : ints.length;
        if (offset < 0 || (long) offset + Shapes.size(shape) > length) {
            throw new IllegalArgumentException("view " + Arrays.toString(shape) + " at offset " + offset
                    + " does not fit in an array of " + length + " elements");
        }
    }

    /** A float32 root tensor over {@code data[offset..]}; {@code onClose} (may be null) runs once at close. */
    public static HostTensor ofFloats(Backend backend, float[] data, int offset, int[] shape, Runnable onClose) {
        return new HostTensor(backend, data, null, offset, shape, new Lifetime(onClose), true);
    }

    /** An int32 root tensor over {@code data[offset..]}; {@code onClose} (may be null) runs once at close. */
    public static HostTensor ofInts(Backend backend, int[] data, int offset, int[] shape, Runnable onClose) {
        return new HostTensor(backend, null, data, offset, shape, new Lifetime(onClose), true);
    }

    /** A zero float32 tensor with no close hook. */
    public HostTensor(Backend backend, int... shape) {
        this(backend, new float[Shapes.size(shape)], null, 0, shape, new Lifetime(null), true);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public ElementType elementType() {
        return floats != null ? ElementType.FLOAT32 : ElementType.INT32;
    }

    @Override
    public int[] shape() {
        return shape;
    }

    /** The backing float array; fails if closed or if this is an int tensor. */
    public float[] data() {
        checkOpen();
        if (floats == null) {
            throw new IllegalStateException(this + " holds INT32 elements; use ints()");
        }
        return floats;
    }

    /** The backing int array; fails if closed or if this is a float tensor. */
    public int[] ints() {
        checkOpen();
        if (ints == null) {
            throw new IllegalStateException(this + " holds FLOAT32 elements; use data()");
        }
        return ints;
    }

    public int offset() {
        return offset;
    }

    @Override
    public HostTensor view(int offset, int... shape) {
        checkOpen();
        long n = Shapes.size(shape);
        if (offset < 0 || offset + n > size()) {
            throw new IllegalArgumentException("a view " + Arrays.toString(shape) + " at element " + offset
                    + " does not fit in a tensor of shape " + Arrays.toString(this.shape) + " (" + size()
                    + " elements)");
        }
        return new HostTensor(backend, floats, ints, this.offset + offset, shape, lifetime, false);
    }

    @Override
    public boolean isClosed() {
        return viewClosed || lifetime.closed();
    }

    @Override
    public void close() {
        if (root) {
            lifetime.close();
        } else {
            viewClosed = true;
        }
    }

    /** Fails with a clear message when this tensor, or the root it is a view of, was closed. */
    public void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("tensor " + Arrays.toString(shape) + " on backend '" + backend.name()
                    + "' was used after " + (viewClosed || root ? "it was closed"
                    : "the tensor it is a view of was closed"));
        }
    }

    /** Casts a tensor that must live on a heap backend, with a clear error otherwise; checks it is open. */
    public static HostTensor of(Tensor t, String what) {
        if (t instanceof HostTensor h) {
            h.checkOpen();
            return h;
        }
        throw new IllegalArgumentException(what + " lives on backend '" + t.backend().name()
                + "', not on the heap; copy it with Backend.copyToHost first");
    }

    @Override
    public String toString() {
        return "HostTensor" + (floats != null ? "" : "<int32>") + Arrays.toString(shape);
    }
}
