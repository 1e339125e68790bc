package org.jrnn.tensor;

import java.util.Arrays;
import java.util.Objects;
import org.jrnn.backend.Backend;

/**
 * A tensor in a Java {@code float[]} on the heap, used by the CPU backends. {@link #data()} is the backing array;
 * the tensor's elements are {@code data[offset() .. offset() + size())}.
 */
public final class HostTensor implements Tensor {
    private final Backend backend;
    private final int[] shape;
    private final float[] data;
    private final int offset;

    public HostTensor(Backend backend, float[] data, int offset, int... shape) {
        this.backend = Objects.requireNonNull(backend);
        this.shape = shape.clone();
        this.data = data;
        this.offset = offset;
        if (offset < 0 || (long) offset + Shapes.size(shape) > data.length) {
            throw new IllegalArgumentException("view " + Arrays.toString(shape) + " at offset " + offset
                    + " does not fit in an array of " + data.length + " floats");
        }
    }

    public HostTensor(Backend backend, int... shape) {
        this(backend, new float[Shapes.size(shape)], 0, shape);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public int[] shape() {
        return shape;
    }

    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    @Override
    public void close() {
        // heap memory: the garbage collector owns it
    }

    /** Casts a tensor that must live on a heap backend, with a clear error otherwise. */
    public static HostTensor of(Tensor t, String what) {
        if (t instanceof HostTensor h) {
            return h;
        }
        throw new IllegalArgumentException(what + " lives on backend '" + t.backend().name()
                + "', not on the heap; copy it with Backend.copyToHost first");
    }

    /** {@link #requireShape} with the heap type kept. */
    public HostTensor requireShapeHost(String what, int... expected) {
        requireShape(what, expected);
        return this;
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
