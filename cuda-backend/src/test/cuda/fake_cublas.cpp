// A stand-in for cuBLAS (soname libcublas.so.13) for CudaFakeDriverTest: the functions Cublas.java binds, with
// cuBLAS's column-major semantics and argument checks, on host memory, sums in double.
typedef int cublasStatus_t;
static int handle_;

static bool bad(int opA, int opB, int m, int n, int k, int lda, int ldb, int ldc) {
    auto mx = [](int a) { return a > 1 ? a : 1; };
    return m < 0 || n < 0 || k < 0 || lda < mx(opA == 0 ? m : k) || ldb < mx(opB == 0 ? k : n) || ldc < mx(m);
}

static void gemm(int opA, int opB, int m, int n, int k, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc) {
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                float a = opA == 0 ? A[i + (long long) p * lda] : A[p + (long long) i * lda];
                float b = opB == 0 ? B[p + (long long) j * ldb] : B[j + (long long) p * ldb];
                s += (double) a * b;
            }
            float* c = C + i + (long long) j * ldc;
            *c = (float) (alpha * s + (beta == 0.f ? 0.0 : (double) beta * *c));
        }
    }
}

extern "C" {
cublasStatus_t cublasCreate_v2(void** h) { *h = &handle_; return 0; }
cublasStatus_t cublasDestroy_v2(void* h) { return h == &handle_ ? 0 : 1; }
cublasStatus_t cublasSetStream_v2(void* h, void* s) { return h == &handle_ && s ? 0 : 7; }
cublasStatus_t cublasSetMathMode(void* h, int mode) { return h == &handle_ && (mode == 0 || mode == 3) ? 0 : 7; }
cublasStatus_t cublasGetProperty(int type, int* v) { *v = type == 0 ? 13 : type == 1 ? 0 : 99; return 0; }
cublasStatus_t cublasSgemm_v2(void* h, int opA, int opB, int m, int n, int k, const float* alpha, const float* A,
                              int lda, const float* B, int ldb, const float* beta, float* C, int ldc) {
    if (h != &handle_ || bad(opA, opB, m, n, k, lda, ldb, ldc)) return 7;
    gemm(opA, opB, m, n, k, *alpha, A, lda, B, ldb, *beta, C, ldc);
    return 0;
}
cublasStatus_t cublasSgemmStridedBatched(void* h, int opA, int opB, int m, int n, int k, const float* alpha,
                                         const float* A, int lda, long long sA, const float* B, int ldb,
                                         long long sB, const float* beta, float* C, int ldc, long long sC,
                                         int batch) {
    if (h != &handle_ || bad(opA, opB, m, n, k, lda, ldb, ldc) || batch < 0) return 7;
    for (int i = 0; i < batch; i++) {
        gemm(opA, opB, m, n, k, *alpha, A + i * sA, lda, B + i * sB, ldb, *beta, C + i * sC, ldc);
    }
    return 0;
}
}
