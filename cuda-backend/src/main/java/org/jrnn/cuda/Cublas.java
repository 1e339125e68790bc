package org.jrnn.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few cuBLAS functions this backend calls, bound through {@code java.lang.foreign} to whichever
 * {@code libcublas.so.13} or {@code .12} {@link NativeLibraries} found. Why not JCublas: its 12.6.0 native links
 * {@code libcublas.so.12} with ELF symbol versions, so it cannot run against CUDA 13's {@code libcublas.so.13};
 * these C signatures are the same in both majors.
 *
 * <p>cuBLAS uses the runtime API, which works in the primary context that {@link CudaContext} makes current, so its
 * pointers and the kernels' are the same. Scalars (alpha, beta) are host pointers (the default pointer mode), read
 * before the call returns. One handle per backend, bound to the backend's stream. Not thread-safe (a backend is
 * used by one thread at a time).
 */
final class Cublas implements AutoCloseable {
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** CUBLAS_DEFAULT_MATH: plain float32 (no TF32) for SGEMM. */
    static final int DEFAULT_MATH = 0;
    /** CUBLAS_TF32_TENSOR_OP_MATH: SGEMM may round inputs to TF32 on tensor cores. */
    static final int TF32_TENSOR_OP_MATH = 3;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private final Arena arena = Arena.ofShared();
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final MethodHandle setMathMode;
    private final MethodHandle sgemm;
    private final MethodHandle sgemmStridedBatched;
    private final MemorySegment handle;
    private final MemorySegment scalars; // alpha at 0, beta at 4
    private final String library;
    private boolean closed;

    Cublas(String library) {
        this.library = library;
        SymbolLookup lib = SymbolLookup.libraryLookup(library, arena);
        MethodHandle create = bind(lib, "cublasCreate_v2", FunctionDescriptor.of(INT, PTR));
        destroy = bind(lib, "cublasDestroy_v2", FunctionDescriptor.of(INT, PTR));
        setStream = bind(lib, "cublasSetStream_v2", FunctionDescriptor.of(INT, PTR, PTR));
        setMathMode = bind(lib, "cublasSetMathMode", FunctionDescriptor.of(INT, PTR, INT));
        sgemm = bind(lib, "cublasSgemm_v2", FunctionDescriptor.of(INT, PTR, INT, INT, INT, INT, INT, PTR, PTR, INT,
                PTR, INT, PTR, PTR, INT));
        sgemmStridedBatched = bind(lib, "cublasSgemmStridedBatched", FunctionDescriptor.of(INT, PTR, INT, INT, INT,
                INT, INT, PTR, PTR, INT, LONG, PTR, INT, LONG, PTR, PTR, INT, LONG, INT));
        scalars = arena.allocate(8, 8);
        MemorySegment out = arena.allocate(PTR);
        check("cublasCreate_v2", invokeInt(create, out));
        handle = out.get(PTR, 0);
    }

    /** "major.minor.patch" of the cuBLAS at {@code library}, through cublasGetProperty (needs no device). */
    static String version(String library) {
        try (Arena a = Arena.ofConfined()) {
            SymbolLookup lib = SymbolLookup.libraryLookup(library, a);
            MethodHandle get = bind(lib, "cublasGetProperty", FunctionDescriptor.of(INT, INT, PTR));
            MemorySegment v = a.allocate(INT);
            int[] parts = new int[3];
            for (int i = 0; i < 3; i++) { // MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL
                check("cublasGetProperty", (int) get.invokeExact(i, v));
                parts[i] = v.get(INT, 0);
            }
            return parts[0] + "." + parts[1] + "." + parts[2];
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    String library() {
        return library;
    }

    void setStream(long stream) {
        check("cublasSetStream_v2", invokeInt(setStream, handle, MemorySegment.ofAddress(stream)));
    }

    /** TF32 tensor-core math on or off (off: float32 parity with the CPU backends). */
    void setTf32(boolean on) {
        try {
            check("cublasSetMathMode", (int) setMathMode.invokeExact(handle, on ? TF32_TENSOR_OP_MATH : DEFAULT_MATH));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Column-major {@code C = alpha·op(A)·op(B) + beta·C}, device addresses; see {@link GemmMapping}. */
    void sgemm(int transA, int transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb,
               float beta, long c, int ldc) {
        scalars.set(ValueLayout.JAVA_FLOAT, 0, alpha);
        scalars.set(ValueLayout.JAVA_FLOAT, 4, beta);
        try {
            check("cublasSgemm_v2", (int) sgemm.invokeExact(handle, transA, transB, m, n, k, scalars,
                    MemorySegment.ofAddress(a), lda, MemorySegment.ofAddress(b), ldb, scalars.asSlice(4),
                    MemorySegment.ofAddress(c), ldc));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@link #sgemm} over {@code batch} matrices at the given element strides. */
    void sgemmStridedBatched(int transA, int transB, int m, int n, int k, float alpha, long a, int lda, long strideA,
                             long b, int ldb, long strideB, float beta, long c, int ldc, long strideC, int batch) {
        scalars.set(ValueLayout.JAVA_FLOAT, 0, alpha);
        scalars.set(ValueLayout.JAVA_FLOAT, 4, beta);
        try {
            check("cublasSgemmStridedBatched", (int) sgemmStridedBatched.invokeExact(handle, transA, transB, m, n, k,
                    scalars, MemorySegment.ofAddress(a), lda, strideA, MemorySegment.ofAddress(b), ldb, strideB,
                    scalars.asSlice(4), MemorySegment.ofAddress(c), ldc, strideC, batch));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            invokeInt(destroy, handle);
        } finally {
            arena.close();
        }
    }

    private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new IllegalStateException("cuBLAS has no symbol " + name));
        return LINKER.downcallHandle(sym, fd);
    }

    private static int invokeInt(MethodHandle h, MemorySegment a) {
        try {
            return (int) h.invokeExact(a);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int invokeInt(MethodHandle h, MemorySegment a, MemorySegment b) {
        try {
            return (int) h.invokeExact(a, b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void check(String call, int status) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + statusName(status) + " (" + status + ")");
        }
    }

    static String statusName(int s) {
        return switch (s) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cuBLAS status " + s;
        };
    }
}
