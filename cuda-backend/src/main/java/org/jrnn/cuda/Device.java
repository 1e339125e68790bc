package org.jrnn.cuda;

import java.lang.foreign.MemorySegment;

/**
 * What {@link CudaBackend} needs of a device, in device addresses ({@code long}): memory, copies, kernel launches
 * by name and column-major SGEMM, all queued in order on one stream. {@link GpuDevice} is the real one (JCuda +
 * cuBLAS); the tests also run the backend on a host emulation that executes the same CUDA C sources compiled for
 * the CPU, so the backend's logic and the kernels' maths are checked on machines without a GPU.
 */
interface Device extends AutoCloseable {

    /** The device's name, e.g. "NVIDIA H200". */
    String name();

    /** What else {@code describe()} should say (cuBLAS version, TF32). */
    String details();

    /** Makes the device current on the calling thread (driver contexts are per thread). */
    void makeCurrent();

    /** {@code bytes} of device memory; {@link OutOfMemoryError} when there is no room. */
    long allocate(long bytes);

    void free(long address);

    /** Queues {@code count} 32-bit words of {@code value} at {@code address}. */
    void memset32(long address, int value, long count);

    void copyDeviceToDevice(long dst, long src, long bytes);

    /** Copies host bytes to the device; returns when {@code src} may be reused. */
    void copyToDevice(MemorySegment src, long dst, long bytes);

    /** Copies device bytes to the host after all queued work; returns when they are there. */
    void copyToHost(long src, MemorySegment dst, long bytes);

    /** Waits for all queued work. */
    void synchronize();

    /**
     * Queues kernel {@code kernel} of PTX module {@code module}. Arguments in the kernel's parameter order:
     * {@link Long} (a device address or a 64-bit integer), {@link Integer}, {@link Float}, {@link Double}.
     */
    void launch(String module, String kernel, Launch launch, Object... args);

    /** cuBLAS's column-major {@code C = alpha·op(A)·op(B) + beta·C} (see {@link GemmMapping}). */
    void sgemm(int opA, int opB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
               long c, int ldc);

    @Override
    void close();
}
