package org.jrnn.cuda;

/**
 * A row-major GEMM as the column-major call cuBLAS makes. A row-major [r, c] matrix is, read column-major, its
 * transpose [c, r] with leading dimension c. So row-major {@code C[m,n] = op(A)·op(B)} is column-major
 * {@code Cᵀ[n,m] = op(B)ᵀ·op(A)ᵀ}: swap the operands (B first), keep each one's transpose flag, swap m and n.
 *
 * @param opFirst  cuBLAS op of the first operand (the row-major B)
 * @param opSecond cuBLAS op of the second operand (the row-major A)
 * @param m        cuBLAS m (the row-major n)
 * @param n        cuBLAS n (the row-major m)
 * @param k        the inner dimension
 * @param ldFirst  leading dimension of B: its row-major row length
 * @param ldSecond leading dimension of A: its row-major row length
 * @param ldc      leading dimension of C: n
 */
record GemmMapping(int opFirst, int opSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc) {

    /** For row-major {@code c[m,n] = op(a)·op(b)}: a is [m,k] ([k,m] when transA), b is [k,n] ([n,k] when transB). */
    static GemmMapping rowMajor(boolean transA, boolean transB, int m, int n, int k) {
        return new GemmMapping(transB ? Cublas.OP_T : Cublas.OP_N, transA ? Cublas.OP_T : Cublas.OP_N, n, m, k,
                Math.max(1, transB ? k : n), Math.max(1, transA ? m : k), Math.max(1, n));
    }
}
