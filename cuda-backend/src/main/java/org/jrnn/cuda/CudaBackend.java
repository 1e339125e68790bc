package org.jrnn.cuda;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Capabilities;
import org.jrnn.backend.MemoryUse;
import org.jrnn.engine.RnnNetwork;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * The GPU backend: tensors in device memory from a caching {@link MemoryPool}, one CUDA stream on which every copy,
 * kernel and cuBLAS call is queued in order (so the backend needs no events, and a block returned to the pool can
 * be reused by the next allocation without waiting), kernels from the shipped PTX, cuBLAS through
 * {@link Cublas}. Host copies go through a pinned staging buffer and return when the host side is done (the stream
 * is synchronised); device work is otherwise asynchronous, and {@link #synchronize} waits for it.
 *
 * <p>TF32: off by default (float32 parity with the CPU backends); {@code -Drnn.cuda.tf32=true} (or
 * {@code RNN_CUDA_TF32=1}) lets cuBLAS use TF32 tensor cores for its SGEMMs.
 *
 * <p>Threading: one thread at a time (the SPI's rule); each entry point makes the primary context current on the
 * calling thread.
 */
public final class CudaBackend implements Backend {
    public static final String NAME = CudaProvider.NAME;
    public static final String TF32_PROPERTY = "rnn.cuda.tf32";
    /** The same switch as an environment variable, which JMH's forked JVMs inherit. */
    public static final String TF32_ENV = "RNN_CUDA_TF32";

    private final Device device;
    private final MemoryPool pool;
    private final CudaOps ops;
    private final boolean tf32;
    private final String description;
    /** 512 device bytes outside the live-tensor count: a double accumulator at 0, an int flag at 8. */
    private final MemoryPool.Block scratch;
    private long liveTensors;
    private long liveBytes;
    private boolean closed;

    /** A backend over {@code device}, which it owns (closes). */
    CudaBackend(Device device, boolean tf32) {
        this.device = device;
        this.tf32 = tf32;
        this.pool = new MemoryPool(new MemoryPool.Allocator() {
            @Override
            public long allocate(long bytes) {
                return device.allocate(bytes);
            }

            @Override
            public void free(long address) {
                device.free(address);
            }
        });
        this.ops = new CudaOps(this);
        device.makeCurrent();
        this.scratch = pool.acquire(MemoryPool.MIN_BLOCK);
        this.description = device.name() + ", one stream, " + device.details() + (tf32 ? ", TF32 on" : ", TF32 off");
    }

    /** Opens GPU 0. Only after the provider's probe said available. */
    static CudaBackend open() {
        boolean tf32 = tf32Requested(System.getProperty(TF32_PROPERTY), System.getenv(TF32_ENV));
        return new CudaBackend(GpuDevice.open(tf32), tf32);
    }

    /** TF32 when the property or else the environment variable says true or 1. */
    static boolean tf32Requested(String property, String env) {
        String v = property != null ? property : env;
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.DeviceKind.GPU, false, 1, device.name());
    }

    public boolean tf32() {
        return tf32;
    }

    /** The device, current on this thread. */
    Device device() {
        checkOpen();
        device.makeCurrent();
        return device;
    }

    @Override
    public Tensor allocate(int... shape) {
        return allocate(ElementType.FLOAT32, shape);
    }

    @Override
    public synchronized Tensor allocate(ElementType type, int... shape) {
        long bytes = (long) Shapes.size(shape) * type.bytes();
        Device c = device();
        MemoryPool.Block block = pool.acquire(bytes);
        c.memset32(block.address(), 0, bytes / 4);
        liveTensors++;
        liveBytes += bytes;
        return new CudaTensor(this, new CudaTensor.Storage(block, bytes), type, shape.clone(), 0, true);
    }

    synchronized void release(CudaTensor.Storage s) {
        if (closed) {
            return; // the pool already freed everything
        }
        pool.release(s.block);
        liveTensors--;
        liveBytes -= s.bytes;
    }

    @Override
    public CudaOps ops() {
        return ops;
    }

    /** An open tensor of this backend with the given element type; fails naming {@code what}. */
    CudaTensor own(Tensor t, String what, ElementType type) {
        if (t == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!(t instanceof CudaTensor ct) || t.backend() != this) {
            throw new IllegalArgumentException(what + " belongs to backend '" + t.backend().name() + "', not '"
                    + NAME + "'");
        }
        if (ct.isClosed()) {
            throw new IllegalStateException(what + " " + Arrays.toString(t.shape()) + " was used after it was closed");
        }
        if (type != null) {
            t.requireType(what, type);
        }
        return ct;
    }

    /**
     * Scratch device memory for one call of a kernel driver, outside the live-tensor count; give it back with
     * {@link #releaseScratch} (stream order makes immediate reuse safe).
     */
    synchronized MemoryPool.Block scratch(long bytes) {
        device();
        return pool.acquire(Math.max(bytes, 4));
    }

    synchronized void releaseScratch(MemoryPool.Block b) {
        if (!closed) {
            pool.release(b);
        }
    }

    /** The scratch double accumulator (sums of squares). */
    long scratchDouble() {
        return scratch.address();
    }

    /**
     * The first index of {@code v} (int32) whose value is outside [lo, hi) (and not {@code skip} when
     * {@code useSkip}), or -1: a range kernel, then one 4-byte read back (a stream synchronisation).
     */
    synchronized int firstOutOfRange(CudaTensor v, int lo, int hi, boolean useSkip, int skip) {
        Device c = device();
        long flag = scratch.address() + 8;
        c.memset32(flag, Integer.MAX_VALUE, 1);
        c.launch(Ptx.OPS, "check_range_i32", Launch.elementwise(v.size()),
                v.address(), v.size(), lo, hi, skip, useSkip ? 1 : 0, flag);
        int[] out = new int[1];
        c.copyToHost(flag, MemorySegment.ofArray(out), 4);
        return out[0] == Integer.MAX_VALUE ? -1 : out[0];
    }

    @Override
    public synchronized void copyFromHost(float[] src, int srcOffset, Tensor dst) {
        CudaTensor d = own(dst, "dst", ElementType.FLOAT32);
        checkRange(src.length, srcOffset, d.size(), "src");
        device().copyToDevice(MemorySegment.ofArray(src).asSlice(4L * srcOffset), d.address(), d.bytes());
    }

    @Override
    public synchronized void copyFromHost(int[] src, int srcOffset, Tensor dst) {
        CudaTensor d = own(dst, "dst", ElementType.INT32);
        checkRange(src.length, srcOffset, d.size(), "src");
        device().copyToDevice(MemorySegment.ofArray(src).asSlice(4L * srcOffset), d.address(), d.bytes());
    }

    @Override
    public synchronized void copyFromHost(MemorySegment src, long srcOffset, Tensor dst) {
        CudaTensor d = own(dst, "dst", null);
        if (srcOffset < 0 || srcOffset + d.bytes() > src.byteSize()) {
            throw new IndexOutOfBoundsException("src segment of " + src.byteSize() + " bytes has no " + d.bytes()
                    + " bytes at " + srcOffset);
        }
        device().copyToDevice(src.asSlice(srcOffset), d.address(), d.bytes());
    }

    @Override
    public synchronized void copyToHost(Tensor src, float[] dst, int dstOffset) {
        CudaTensor s = own(src, "src", ElementType.FLOAT32);
        checkRange(dst.length, dstOffset, s.size(), "dst");
        device().copyToHost(s.address(), MemorySegment.ofArray(dst).asSlice(4L * dstOffset), s.bytes());
    }

    @Override
    public synchronized void copyToHost(Tensor src, int[] dst, int dstOffset) {
        CudaTensor s = own(src, "src", ElementType.INT32);
        checkRange(dst.length, dstOffset, s.size(), "dst");
        device().copyToHost(s.address(), MemorySegment.ofArray(dst).asSlice(4L * dstOffset), s.bytes());
    }

    @Override
    public synchronized void copyToHost(Tensor src, MemorySegment dst, long dstOffset) {
        CudaTensor s = own(src, "src", null);
        if (dstOffset < 0 || dstOffset + s.bytes() > dst.byteSize()) {
            throw new IndexOutOfBoundsException("dst segment of " + dst.byteSize() + " bytes has no room for "
                    + s.bytes() + " bytes at " + dstOffset);
        }
        device().copyToHost(s.address(), dst.asSlice(dstOffset), s.bytes());
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        CudaTensor s = own(src, "src", null), d = own(dst, "dst", null);
        if (s.elementType() != d.elementType() || s.size() != d.size()) {
            throw new IllegalArgumentException("copy needs the same element type and size: src "
                    + Arrays.toString(s.shape()) + " " + s.elementType() + ", dst " + Arrays.toString(d.shape()) + " "
                    + d.elementType());
        }
        device().copyDeviceToDevice(d.address(), s.address(), s.bytes());
    }

    @Override
    public void synchronize() {
        device().synchronize();
    }

    @Override
    public synchronized MemoryUse memoryInUse() {
        return new MemoryUse(liveTensors, liveBytes);
    }

    /** Bytes the pool holds from the driver (live plus cached blocks). */
    public synchronized long reservedBytes() {
        return pool.reservedBytes();
    }

    @Override
    public Rnn createRnn(RnnSpec spec) {
        return new RnnNetwork(this, spec, new CudaLayerKernels(this));
    }

    @Override
    public Rnn createRnn(RnnSpec spec, Tensor parameters, Tensor gradients) {
        return new RnnNetwork(this, spec, new CudaLayerKernels(this), parameters, gradients);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            device.makeCurrent();
            device.synchronize();
            pool.close();
        } finally {
            closed = true;
            device.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the cuda backend was closed");
        }
    }

    private static void checkRange(int length, int offset, int n, String what) {
        if (offset < 0 || (long) offset + n > length) {
            throw new IndexOutOfBoundsException(what + " array of " + length + " elements has no " + n
                    + " elements at offset " + offset);
        }
    }
}
