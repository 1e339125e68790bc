package org.jrnn.backend;

import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.tensor.Tensor;

/**
 * A compute backend: owns memory ({@link Tensor}s) and creates networks that run on it. Host data enters and leaves
 * only through the explicit copies below, so a device backend can keep a whole training step on its device.
 * Implementations are thread-safe for allocation and copies; each {@link Rnn} they create is confined to one thread.
 */
public interface Backend extends AutoCloseable {

    /** The provider's name, e.g. {@code reference} or {@code cpu-simd}. */
    String name();

    /** A one-line description for logs and the {@code backends} command (vector width, threads, device …). */
    String describe();

    /** A zero-filled tensor of the given shape in this backend's memory. */
    Tensor allocate(int... shape);

    /** Copies {@code dst.size()} floats from {@code src[srcOffset..]} into {@code dst}. */
    void copyFromHost(float[] src, int srcOffset, Tensor dst);

    /** Copies all of {@code src} into {@code dst[dstOffset..]}. */
    void copyToHost(Tensor src, float[] dst, int dstOffset);

    /** Allocates a tensor and fills it from {@code data}, whose length must equal the shape's size. */
    default Tensor fromHost(float[] data, int... shape) {
        Tensor t = allocate(shape);
        if (data.length != t.size()) {
            t.close();
            throw new IllegalArgumentException("host array of " + data.length + " floats does not fill shape "
                    + java.util.Arrays.toString(shape));
        }
        copyFromHost(data, 0, t);
        return t;
    }

    /** A new host array with the tensor's contents. */
    default float[] toHost(Tensor t) {
        float[] out = new float[t.size()];
        copyToHost(t, out, 0);
        return out;
    }

    /** A network of the given shape with zero parameters; fill them through {@link Rnn#parameters()}. */
    Rnn createRnn(RnnSpec spec);

    /** Releases threads, handles and memory pools. */
    @Override
    void close();
}
