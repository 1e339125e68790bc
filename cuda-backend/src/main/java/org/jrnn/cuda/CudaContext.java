package org.jrnn.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * Everything this backend asks of the CUDA driver, through JCuda: one device's primary context (shared with cuBLAS,
 * which uses the runtime API), one non-blocking stream on which every copy, kernel and GEMM of the backend is queued
 * in order, the kernels' modules, a pinned staging buffer for host copies, and raw allocation for the
 * {@link MemoryPool}. Device addresses travel as {@code long}s: a kernel parameter is the 8-byte address, and a
 * JCuda {@code CUdeviceptr} is made on demand.
 *
 * <p>Error handling: JCuda's exceptions stay disabled (they are per binding class and off by default); every
 * return code goes through {@link #check}. Kernel launches are asynchronous, so a kernel's fault surfaces at the next
 * synchronising call with the name of that call.
 */
final class CudaContext implements AutoCloseable {
    /** Host copies go through this many pinned bytes at a time. */
    static final int STAGING_BYTES = 8 << 20;

    private static final MethodHandle NATIVE_POINTER = nativePointerAccessor();

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final long streamAddress;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Pointer staging = new Pointer();
    private final MemorySegment stagingSegment;
    private final String deviceName;
    private boolean closed;

    private CudaContext(int ordinal) {
        check("cuInit", cuInit(0));
        check("cuDeviceGet", cuDeviceGet(device, ordinal));
        check("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain(context, device));
        makeCurrent();
        check("cuStreamCreate", cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        streamAddress = address(stream);
        check("cuMemAllocHost", cuMemAllocHost(staging, STAGING_BYTES));
        // The pinned block seen as a segment by its address (JCuda's own ByteBuffer view is not needed).
        stagingSegment = MemorySegment.ofAddress(address(staging)).reinterpret(STAGING_BYTES);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        deviceName = cString(name);
    }

    static CudaContext open(int ordinal) {
        return new CudaContext(ordinal);
    }

    /** The probe's view of device 0; touches JCuda, so a missing native throws a {@link LinkageError}. */
    static CudaProbe.DeviceInfo query() {
        int r = cuInit(0);
        if (r != CUresult.CUDA_SUCCESS) {
            return new CudaProbe.DeviceInfo(0, 0, "", 0, 0, 0, 0, "cuInit: " + CUresult.stringFor(r));
        }
        int[] v = new int[1];
        cuDriverGetVersion(v);
        int driver = v[0];
        cuDeviceGetCount(v);
        int count = v[0];
        if (count == 0) {
            return new CudaProbe.DeviceInfo(driver, 0, "", 0, 0, 0, 0, null);
        }
        CUdevice dev = new CUdevice();
        check("cuDeviceGet", cuDeviceGet(dev, 0));
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, dev);
        int[] major = new int[1], minor = new int[1];
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        long[] total = new long[1], free = new long[1];
        cuDeviceTotalMem(total, dev);
        CUcontext ctx = new CUcontext();
        r = cuDevicePrimaryCtxRetain(ctx, dev);
        if (r != CUresult.CUDA_SUCCESS) {
            return new CudaProbe.DeviceInfo(driver, count, cString(name), major[0], minor[0], total[0], 0,
                    "cuDevicePrimaryCtxRetain: " + CUresult.stringFor(r));
        }
        try {
            cuCtxSetCurrent(ctx);
            long[] t = new long[1];
            cuMemGetInfo(free, t);
        } finally {
            cuCtxSetCurrent(new CUcontext()); // leave no released context current on this thread
            cuDevicePrimaryCtxRelease(dev);
        }
        return new CudaProbe.DeviceInfo(driver, count, cString(name), major[0], minor[0], total[0], free[0], null);
    }

    String deviceName() {
        return deviceName;
    }

    long streamAddress() {
        return streamAddress;
    }

    /** Contexts are per thread: every entry point of the backend calls this first (cheap). */
    void makeCurrent() {
        check("cuCtxSetCurrent", cuCtxSetCurrent(context));
    }

    long allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        int r = cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new OutOfMemoryError("GPU '" + deviceName + "' has no room for " + bytes + " more bytes");
        }
        check("cuMemAlloc", r);
        return address(p);
    }

    void free(long address) {
        check("cuMemFree", cuMemFree(ptr(address)));
    }

    /** Queues {@code count} 32-bit words of {@code value} at {@code address}. */
    void memset32(long address, int value, long count) {
        if (count > 0) {
            check("cuMemsetD32Async", cuMemsetD32Async(ptr(address), value, count, stream));
        }
    }

    void copyDeviceToDevice(long dst, long src, long bytes) {
        if (bytes > 0) {
            check("cuMemcpyDtoDAsync", cuMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, stream));
        }
    }

    /** Copies host bytes to the device through the pinned buffer; returns when the host side may be reused. */
    void copyToDevice(MemorySegment src, long dst, long bytes) {
        for (long done = 0; done < bytes; done += STAGING_BYTES) {
            long n = Math.min(STAGING_BYTES, bytes - done);
            MemorySegment.copy(src, done, stagingSegment, 0, n);
            check("cuMemcpyHtoDAsync", cuMemcpyHtoDAsync(ptr(dst + done), staging, n, stream));
            synchronize(); // the staging buffer is reused by the next chunk or copy
        }
    }

    /** Copies device bytes to the host through the pinned buffer, after all queued work. */
    void copyToHost(long src, MemorySegment dst, long bytes) {
        for (long done = 0; done < bytes; done += STAGING_BYTES) {
            long n = Math.min(STAGING_BYTES, bytes - done);
            check("cuMemcpyDtoHAsync", cuMemcpyDtoHAsync(staging, ptr(src + done), n, stream));
            synchronize();
            MemorySegment.copy(stagingSegment, 0, dst, done, n);
        }
    }

    void synchronize() {
        check("cuStreamSynchronize", cuStreamSynchronize(stream));
    }

    /** Loads a PTX module (a NUL-terminated string; JCuda appends the NUL) once under its name. */
    void loadModule(String name, String ptx) {
        CUmodule m = new CUmodule();
        int r = cuModuleLoadData(m, ptx);
        if (r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw new IllegalStateException("the driver cannot load the kernels' PTX (" + name + ".ptx, ISA 9.0 from"
                    + " nvcc 13): CUDA_ERROR_UNSUPPORTED_PTX_VERSION; update the NVIDIA driver to 580 or newer, or"
                    + " rebuild the PTX with the toolkit of this driver (cuda-backend/src/main/cuda/build-ptx.sh)");
        }
        check("cuModuleLoadData(" + name + ")", r);
        modules.put(name, m);
    }

    CUfunction function(String module, String kernel) {
        String key = module + "/" + kernel;
        CUfunction f = functions.get(key);
        if (f == null) {
            CUmodule m = modules.get(module);
            if (m == null) {
                throw new IllegalStateException("PTX module " + module + " is not loaded");
            }
            f = new CUfunction();
            check("cuModuleGetFunction(" + kernel + ")", cuModuleGetFunction(f, m, kernel));
            functions.put(key, f);
        }
        return f;
    }

    /**
     * Queues a kernel. Arguments: {@link Long} (a device address or a 64-bit integer), {@link Integer},
     * {@link Float}, {@link Double}, in the order of the kernel's parameters.
     */
    void launch(CUfunction f, String name, Launch l, int sharedBytes, Object... args) {
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Long v -> Pointer.to(new long[] {v});
                case Integer v -> Pointer.to(new int[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Double v -> Pointer.to(new double[] {v});
                default -> throw new IllegalArgumentException("kernel argument " + i + " of " + name + ": "
                        + args[i]);
            };
        }
        check(name, cuLaunchKernel(f, l.grid(), 1, 1, l.block(), 1, 1, sharedBytes, stream, Pointer.to(params),
                null));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        makeCurrent();
        cuStreamSynchronize(stream);
        for (CUmodule m : modules.values()) {
            cuModuleUnload(m);
        }
        cuMemFreeHost(staging);
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }

    static void check(String call, int result) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new IllegalStateException(call + " failed: " + CUresult.stringFor(result));
        }
    }

    /** A JCuda device pointer holding {@code address} (base 0 plus the address as its byte offset). */
    static CUdeviceptr ptr(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    static long address(NativePointerObject p) {
        try {
            return (long) NATIVE_POINTER.invokeExact(p);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read a JCuda pointer's address", t);
        }
    }

    private static MethodHandle nativePointerAccessor() {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup());
            return l.findVirtual(NativePointerObject.class, "getNativePointer", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JCuda's NativePointerObject.getNativePointer is not accessible", e);
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
