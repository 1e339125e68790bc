package org.jrnn.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Device} on the CPU for tests: "device" memory is native host memory, a kernel launch calls the same
 * CUDA C kernel from {@code src/main/cuda} compiled for the host with g++ and {@code src/test/cuda/host_shim.h}
 * (one thread, one block: see there), with the arguments the backend passes, and SGEMM is a plain column-major
 * loop with double sums. So the backend's Java (argument checks, offsets, strides, the GEMM mapping, the time loops,
 * the pool, views) and the kernels' maths run on any machine with g++ — but not the GPU's concurrency, cuBLAS, the
 * driver or the PTX.
 */
final class HostDevice implements Device {
    static final Path BUILD = Path.of("target/cuda-host-emulation");
    private static final Linker LINKER = Linker.nativeLinker();
    private static Map<String, Path> libraries;

    private final Arena arena = Arena.ofShared();
    private final Map<String, SymbolLookup> modules = new HashMap<>();
    private final Map<String, MethodHandle> kernels = new HashMap<>();
    private final Map<Long, Arena> blocks = new HashMap<>();
    long launches;

    /** Why the emulation cannot run here, or null: it needs g++. */
    static String unavailableReason() {
        return CudaPtxTest.tool("g++") == null ? "g++ not found: the host emulation of the kernels cannot be built"
                : null;
    }

    /** Compiles each module once per JVM (into target/cuda-host-emulation). */
    static synchronized Map<String, Path> libraries() throws IOException, InterruptedException {
        if (libraries == null) {
            Files.createDirectories(BUILD);
            Map<String, Path> libs = new HashMap<>();
            for (String m : Ptx.MODULES) {
                Path so = BUILD.resolve("lib" + m + ".so").toAbsolutePath();
                List<String> cmd = List.of("g++", "-std=c++17", "-O1", "-fPIC", "-shared", "-include",
                        Path.of("src/test/cuda/host_shim.h").toAbsolutePath().toString(), "-x", "c++",
                        CudaPtxTest.SOURCES.resolve(m + ".cu").toString(), "-o", so.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
                }
                libs.put(m, so);
            }
            libraries = libs;
        }
        return libraries;
    }

    HostDevice() {
        try {
            for (Map.Entry<String, Path> e : libraries().entrySet()) {
                modules.put(e.getKey(), SymbolLookup.libraryLookup(e.getValue(), arena));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A cuda backend on this emulation. */
    static CudaBackend backend() {
        return new CudaBackend(new HostDevice(), false);
    }

    @Override
    public String name() {
        return "host emulation";
    }

    @Override
    public String details() {
        return "kernels compiled with g++, double-sum SGEMM";
    }

    @Override
    public void makeCurrent() {}

    @Override
    public synchronized long allocate(long bytes) {
        Arena a = Arena.ofShared();
        MemorySegment s = a.allocate(Math.max(bytes, 1), 256);
        s.fill((byte) 0x7f); // garbage, like fresh device memory: the backend must zero what it promises zeroed
        blocks.put(s.address(), a);
        return s.address();
    }

    @Override
    public synchronized void free(long address) {
        Arena a = blocks.remove(address);
        if (a == null) {
            throw new IllegalStateException("free of 0x" + Long.toHexString(address) + ", not allocated");
        }
        a.close();
    }

    private static MemorySegment at(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Override
    public void memset32(long address, int value, long count) {
        MemorySegment s = at(address, 4 * count);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, value);
        }
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        MemorySegment.copy(at(src, bytes), 0, at(dst, bytes), 0, bytes);
    }

    @Override
    public void copyToDevice(MemorySegment src, long dst, long bytes) {
        MemorySegment.copy(src, 0, at(dst, bytes), 0, bytes);
    }

    @Override
    public void copyToHost(long src, MemorySegment dst, long bytes) {
        MemorySegment.copy(at(src, bytes), 0, dst, 0, bytes);
    }

    @Override
    public void synchronize() {}

    @Override
    public void launch(String module, String kernel, Launch launch, Object... args) {
        if (launch.grid() < 1 || launch.block() < 1 || launch.block() > 1024) {
            throw new IllegalArgumentException("bad launch " + launch + " of " + kernel);
        }
        MemoryLayout[] layouts = new MemoryLayout[args.length];
        StringBuilder key = new StringBuilder(module).append('/').append(kernel).append('(');
        for (int i = 0; i < args.length; i++) {
            layouts[i] = switch (args[i]) {
                case Long v -> ValueLayout.JAVA_LONG;
                case Integer v -> ValueLayout.JAVA_INT;
                case Float v -> ValueLayout.JAVA_FLOAT;
                case Double v -> ValueLayout.JAVA_DOUBLE;
                default -> throw new IllegalArgumentException("argument " + i + " of " + kernel + ": " + args[i]);
            };
            key.append(layouts[i]).append(',');
        }
        MethodHandle h;
        synchronized (this) {
            h = kernels.computeIfAbsent(key.toString(), k -> {
                MemorySegment sym = modules.get(module).find(kernel)
                        .orElseThrow(() -> new IllegalStateException("no kernel " + kernel + " in " + module));
                return LINKER.downcallHandle(sym, FunctionDescriptor.ofVoid(layouts));
            });
            launches++;
        }
        try {
            h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void sgemm(int opA, int opB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb,
                      float beta, long c, int ldc) {
        if (lda < Math.max(1, opA == Cublas.OP_N ? m : k) || ldb < Math.max(1, opB == Cublas.OP_N ? k : n)
                || ldc < Math.max(1, m)) {
            throw new IllegalArgumentException("cuBLAS would reject these leading dimensions: CUBLAS_STATUS_INVALID_VALUE");
        }
        long aCols = opA == Cublas.OP_N ? k : m, bCols = opB == Cublas.OP_N ? n : k;
        MemorySegment A = at(a, 4L * lda * Math.max(aCols, 1)), B = at(b, 4L * ldb * Math.max(bCols, 1));
        MemorySegment C = at(c, 4L * ldc * n);
        ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = A.getAtIndex(F, opA == Cublas.OP_N ? i + (long) p * lda : p + (long) i * lda);
                    float bv = B.getAtIndex(F, opB == Cublas.OP_N ? p + (long) j * ldb : j + (long) p * ldb);
                    s += (double) av * bv;
                }
                long ci = i + (long) j * ldc;
                C.setAtIndex(F, ci, (float) (alpha * s + (beta == 0f ? 0 : (double) beta * C.getAtIndex(F, ci))));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!blocks.isEmpty()) {
            throw new IllegalStateException(blocks.size() + " device blocks were not freed before close");
        }
        arena.close();
    }
}
