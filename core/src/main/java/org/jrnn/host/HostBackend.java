package org.jrnn.host;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Capabilities;
import org.jrnn.backend.MemoryUse;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * Memory management shared by the heap backends: tensors are {@link HostTensor}s over Java arrays, copies are array
 * copies, and live root tensors are counted so tests can check that nothing leaks.
 */
public abstract class HostBackend implements Backend {
    private final String name;
    private final AtomicLong liveTensors = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    protected HostBackend(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public Tensor allocate(int... shape) {
        return allocate(ElementType.FLOAT32, shape);
    }

    @Override
    public HostTensor allocate(ElementType type, int... shape) {
        int n = Shapes.size(shape);
        long bytes = (long) n * type.bytes();
        liveTensors.incrementAndGet();
        liveBytes.addAndGet(bytes);
        Runnable release = () -> {
            liveTensors.decrementAndGet();
            liveBytes.addAndGet(-bytes);
        };
        return type == ElementType.FLOAT32 ? HostTensor.ofFloats(this, new float[n], 0, shape, release)
                : HostTensor.ofInts(this, new int[n], 0, shape, release);
    }

    /**
     * True: the heap backends' operations keep no state between calls (cpu-simd's GEMM hands its worker pool to one
     * caller at a time and runs a concurrent caller's work on that caller's thread, with per-thread buffers), and
     * memory accounting is atomic.
     */
    @Override
    public boolean concurrentOps() {
        return true;
    }

    @Override
    public MemoryUse memoryInUse() {
        return new MemoryUse(liveTensors.get(), liveBytes.get());
    }

    @Override
    public void copyFromHost(float[] src, int srcOffset, Tensor dst) {
        HostTensor d = own(dst, "destination");
        checkRange(src.length, srcOffset, d.size(), "source float array");
        System.arraycopy(src, srcOffset, d.data(), d.offset(), d.size());
    }

    @Override
    public void copyFromHost(int[] src, int srcOffset, Tensor dst) {
        HostTensor d = own(dst, "destination");
        checkRange(src.length, srcOffset, d.size(), "source int array");
        System.arraycopy(src, srcOffset, d.ints(), d.offset(), d.size());
    }

    @Override
    public void copyFromHost(MemorySegment src, long srcOffset, Tensor dst) {
        HostTensor d = own(dst, "destination");
        if (d.elementType() == ElementType.FLOAT32) {
            MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, srcOffset, d.data(), d.offset(), d.size());
        } else {
            MemorySegment.copy(src, ValueLayout.JAVA_INT_UNALIGNED, srcOffset, d.ints(), d.offset(), d.size());
        }
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        HostTensor s = own(src, "source");
        checkRange(dst.length, dstOffset, s.size(), "destination float array");
        System.arraycopy(s.data(), s.offset(), dst, dstOffset, s.size());
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        HostTensor s = own(src, "source");
        checkRange(dst.length, dstOffset, s.size(), "destination int array");
        System.arraycopy(s.ints(), s.offset(), dst, dstOffset, s.size());
    }

    @Override
    public void copyToHost(Tensor src, MemorySegment dst, long dstOffset) {
        HostTensor s = own(src, "source");
        if (s.elementType() == ElementType.FLOAT32) {
            MemorySegment.copy(s.data(), s.offset(), dst, ValueLayout.JAVA_FLOAT_UNALIGNED, dstOffset, s.size());
        } else {
            MemorySegment.copy(s.ints(), s.offset(), dst, ValueLayout.JAVA_INT_UNALIGNED, dstOffset, s.size());
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        HostTensor s = own(src, "source");
        HostTensor d = own(dst, "destination");
        if (s.elementType() != d.elementType() || s.size() != d.size()) {
            throw new IllegalArgumentException("cannot copy " + s + " (" + s.elementType() + ") into " + d + " ("
                    + d.elementType() + "): element types and sizes must match");
        }
        if (s.elementType() == ElementType.FLOAT32) {
            System.arraycopy(s.data(), s.offset(), d.data(), d.offset(), s.size());
        } else {
            System.arraycopy(s.ints(), s.offset(), d.ints(), d.offset(), s.size());
        }
    }

    @Override
    public void synchronize() {
        // work on the heap backends is done when each call returns
    }

    /** Heap backend's tensor, checked open and owned by this backend. */
    protected HostTensor own(Tensor t, String what) {
        HostTensor h = HostTensor.of(t, what);
        if (h.backend() != this) {
            throw new IllegalArgumentException(what + " tensor belongs to backend '" + h.backend().name()
                    + "', not '" + name + "'");
        }
        return h;
    }

    private static void checkRange(int length, int offset, int n, String what) {
        if (offset < 0 || (long) offset + n > length) {
            throw new IndexOutOfBoundsException(what + " of " + length + " elements has no " + n + " elements at "
                    + offset);
        }
    }

    /** Heap backends describe themselves as CPU, host memory. */
    protected Capabilities cpuCapabilities(int threads, String deviceName) {
        return new Capabilities(Capabilities.DeviceKind.CPU, true, threads, deviceName);
    }

    @Override
    public abstract TensorOps ops();

    @Override
    public void close() {
        // nothing to release for heap memory
    }

    @Override
    public String toString() {
        return name;
    }
}
