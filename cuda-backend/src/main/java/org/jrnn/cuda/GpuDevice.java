package org.jrnn.cuda;

import java.lang.foreign.MemorySegment;

/** The real {@link Device}: a {@link CudaContext} (JCuda driver API) and a {@link Cublas} handle on its stream. */
final class GpuDevice implements Device {
    private final CudaContext ctx;
    private final Cublas cublas;
    private final String details;

    private GpuDevice(CudaContext ctx, Cublas cublas, String details) {
        this.ctx = ctx;
        this.cublas = cublas;
        this.details = details;
    }

    /** Device 0 with the kernels loaded and cuBLAS (TF32 as asked) bound to its stream. */
    static GpuDevice open(boolean tf32) {
        NativeLibraries.Search search = NativeLibraries.findCublas();
        if (search.found() == null) {
            throw new IllegalStateException(CudaProbe.noCublas(search.tried()));
        }
        String version = Cublas.version(search.found().library());
        CudaContext ctx = CudaContext.open(0);
        Cublas cublas = null;
        try {
            for (String module : Ptx.MODULES) {
                ctx.loadModule(module, Ptx.load(module));
            }
            cublas = new Cublas(search.found().library());
            cublas.setStream(ctx.streamAddress());
            cublas.setTf32(tf32);
            return new GpuDevice(ctx, cublas, "cuBLAS " + version + " (" + cublas.library() + ")");
        } catch (RuntimeException | Error e) {
            if (cublas != null) {
                cublas.close();
            }
            ctx.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return ctx.deviceName();
    }

    @Override
    public String details() {
        return details;
    }

    @Override
    public void makeCurrent() {
        ctx.makeCurrent();
    }

    @Override
    public long allocate(long bytes) {
        return ctx.allocate(bytes);
    }

    @Override
    public void free(long address) {
        ctx.free(address);
    }

    @Override
    public void memset32(long address, int value, long count) {
        ctx.memset32(address, value, count);
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        ctx.copyDeviceToDevice(dst, src, bytes);
    }

    @Override
    public void copyToDevice(MemorySegment src, long dst, long bytes) {
        ctx.copyToDevice(src, dst, bytes);
    }

    @Override
    public void copyToHost(long src, MemorySegment dst, long bytes) {
        ctx.copyToHost(src, dst, bytes);
    }

    @Override
    public void synchronize() {
        ctx.synchronize();
    }

    @Override
    public void launch(String module, String kernel, Launch launch, Object... args) {
        ctx.launch(ctx.function(module, kernel), kernel, launch, 0, args);
    }

    @Override
    public void sgemm(int opA, int opB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb,
                      float beta, long c, int ldc) {
        cublas.sgemm(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void close() {
        try {
            ctx.makeCurrent();
            ctx.synchronize();
            cublas.close();
        } finally {
            ctx.close();
        }
    }
}
