package org.jrnn.backend;

import java.lang.foreign.MemorySegment;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;

/**
 * A compute backend: owns memory ({@link Tensor}s), runs the {@link TensorOps operations} on it and creates
 * networks. Host data enters and leaves only through the explicit copies below, so a device backend can keep a whole
 * training step on its device.
 *
 * <p>Copies name whole tensors; to copy a sub-range (one named weight of a flat parameter buffer, one time step)
 * pass a {@link Tensor#view view}. Host copies of a device backend may be asynchronous with respect to its queued
 * work only where documented; every method here returns when the host side of the copy is done.
 *
 * <p>Threading: allocation and copies are thread-safe; each {@link Rnn} is confined to one thread at a time.
 * {@link #ops()} may be called from several threads at once (on distinct output tensors) only where
 * {@link #concurrentOps()} says so; otherwise it too is confined to one thread at a time (a device backend has one
 * queue of work).
 */
public interface Backend extends AutoCloseable {

    /** The provider's name, e.g. {@code reference} or {@code cpu-simd}. */
    String name();

    /** A one-line description for logs and the {@code backends} command (vector width, threads, device …). */
    String describe();

    /** What this backend is and can do: ask this instead of testing its class. */
    Capabilities capabilities();

    /** A zero-filled float32 tensor of the given shape in this backend's memory. */
    Tensor allocate(int... shape);

    /** A zero-filled tensor of the given element type. */
    Tensor allocate(ElementType type, int... shape);

    /** The operations on this backend's tensors. */
    TensorOps ops();

    /** Copies {@code dst.size()} floats from {@code src[srcOffset..]} into {@code dst} (float32). */
    void copyFromHost(float[] src, int srcOffset, Tensor dst);

    /** Copies {@code dst.size()} ints from {@code src[srcOffset..]} into {@code dst} (int32). */
    void copyFromHost(int[] src, int srcOffset, Tensor dst);

    /** Copies {@code dst.bytes()} bytes (native byte order) from {@code src} at byte {@code srcOffset}. */
    void copyFromHost(MemorySegment src, long srcOffset, Tensor dst);

    /** Copies all of {@code src} (float32) into {@code dst[dstOffset..]}. */
    void copyToHost(Tensor src, float[] dst, int dstOffset);

    /** Copies all of {@code src} (int32) into {@code dst[dstOffset..]}. */
    void copyToHost(Tensor src, int[] dst, int dstOffset);

    /** Copies all of {@code src} (native byte order) into {@code dst} at byte {@code dstOffset}. */
    void copyToHost(Tensor src, MemorySegment dst, long dstOffset);

    /** Copies {@code src} into {@code dst}, both on this backend, same element type and size (shapes may differ). */
    void copy(Tensor src, Tensor dst);

    /** Returns when all work queued on this backend is done (a no-op on the CPU backends). */
    void synchronize();

    /** Live (not closed) root tensors of this backend and their bytes: a test's leak check. */
    MemoryUse memoryInUse();

    /** Allocates a float32 tensor and fills it from {@code data}, whose length must equal the shape's size. */
    default Tensor fromHost(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("host data for a tensor of shape " + java.util.Arrays.toString(shape)
                    + " must be given, got null");
        }
        Tensor t = allocate(shape);
        if (data.length != t.size()) {
            t.close();
            throw new IllegalArgumentException("host array of " + data.length + " floats does not fill shape "
                    + java.util.Arrays.toString(shape));
        }
        copyFromHost(data, 0, t);
        return t;
    }

    /** Allocates an int32 tensor and fills it from {@code data}, whose length must equal the shape's size. */
    default Tensor fromHost(int[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("host data for a tensor of shape " + java.util.Arrays.toString(shape)
                    + " must be given, got null");
        }
        Tensor t = allocate(ElementType.INT32, shape);
        if (data.length != t.size()) {
            t.close();
            throw new IllegalArgumentException("host array of " + data.length + " ints does not fill shape "
                    + java.util.Arrays.toString(shape));
        }
        copyFromHost(data, 0, t);
        return t;
    }

    /** A new host array with a float32 tensor's contents. */
    default float[] toHost(Tensor t) {
        float[] out = new float[t.size()];
        copyToHost(t, out, 0);
        return out;
    }

    /** A new host array with an int32 tensor's contents. */
    default int[] toHostInts(Tensor t) {
        int[] out = new int[t.size()];
        copyToHost(t, out, 0);
        return out;
    }

    /** The first element of a float32 tensor (a loss, a norm): one small copy. */
    default float readScalar(Tensor t) {
        float[] one = new float[1];
        copyToHost(t.size() == 1 ? t : t.view(0, 1), one, 0);
        return one[0];
    }

    /** A network of the given shape with zero parameters; fill them through {@link Rnn#parameters()}. */
    Rnn createRnn(RnnSpec spec);

    /**
     * A network whose parameters and gradients are the given tensors on this backend ([P] each, laid out by
     * {@link RnnSpec#parameterLayout()}), typically views of a model's flat buffer; the caller keeps ownership.
     */
    Rnn createRnn(RnnSpec spec, Tensor parameters, Tensor gradients);

    /**
     * Whether several threads may run {@link #ops()} and networks (one network per thread) at the same time, each
     * writing its own tensors and reading shared ones (a model's parameters): true for the heap backends, whose
     * operations keep no state between calls. When false, callers take turns; {@link org.jrnn.nn.Predictor} does
     * that on the backend's monitor.
     */
    default boolean concurrentOps() {
        return false;
    }

    /** Releases threads, handles and memory pools. */
    @Override
    void close();
}
