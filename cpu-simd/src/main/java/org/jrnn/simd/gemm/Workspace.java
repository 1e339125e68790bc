package org.jrnn.simd.gemm;

/** Per-thread packing buffers; they only grow, so steady-state calls allocate nothing. */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] t = new float[0];
    /** Accumulator hand-over tile of one micro-kernel call (MR x NR). */
    final float[] tile = new float[Blocking.MR * Blocking.NR];

    static Workspace local() { return LOCAL.get(); }

    /** Buffer for a packed MC x KC block of A. */
    float[] a(int size) {
        if (a.length < size) a = new float[size];
        return a;
    }

    /** Buffer for a packed KC x NC block of B (or all of op(B) for the few-row path). */
    float[] b(int size) {
        if (b.length < size) b = new float[size];
        return b;
    }

    /** Buffer for C^T: of a call that {@link Sgemm} runs with its operands swapped, or of a streamed-rows product. */
    float[] transposedC(int size) {
        if (t.length < size) t = new float[size];
        return t;
    }
}
