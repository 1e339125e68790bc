package org.jrnn.bench.shapes;

/**
 * A single-precision GEMM problem C[m,n] = A[m,k] * B[k,n] (row-major, no transposes).
 *
 * @param name  short id used as the JMH parameter and in result files
 * @param quick whether the quick profile runs it
 * @param about what the shape stands for, for the report
 */
public record GemmShape(String name, int m, int n, int k, boolean quick, String about) {

    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("gemm shape " + name + " needs positive sizes, got " + m + "x" + n + "x" + k);
        }
    }

    /** "MxNxK", as written in result files. */
    public String dims() {
        return m + "x" + n + "x" + k;
    }

    /** 2*m*n*k. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** An ad-hoc shape from "MxNxK"; named by its dims. */
    public static GemmShape ofDims(String text) {
        int[] v = Dims.parse(text, 3, "MxNxK");
        return new GemmShape(text, v[0], v[1], v[2], false, "ad hoc");
    }
}
