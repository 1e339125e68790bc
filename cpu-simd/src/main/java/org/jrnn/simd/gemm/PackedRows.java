package org.jrnn.simd.gemm;

/**
 * The rows of a weight matrix W [n, k] (a layer's W_hh, or the rows of it that one thread computes) packed as the
 * streamed operand of C[m, n] = A[m, k] . W^T for a small A such as a recurrent step's state
 * ({@link Sgemm#multiplyTransposedOnThisThread}). The rows are cut into micro-tiles as {@link Blocking#panelRows}
 * cuts them, slice-major: KC slice 0 of every tile (each in {@link Packing#packA}'s k-major layout), then slice 1,
 * and so on, the order in which a step reads them, so it reads all of W as one sequential stream, each element
 * once.
 */
public final class PackedRows {
    final int n;
    final int k;
    /** Depth of one slice: {@link Blocking#kcFor}(k), as the B-packed path cuts k. */
    final int kc;
    final float[] data;

    PackedRows(int n, int k) {
        if (n < 0 || k < 0) throw new IllegalArgumentException("n=" + n + " k=" + k);
        this.n = n;
        this.k = k;
        this.kc = Blocking.kcFor(k);
        long floats = 0;
        for (int r = 0, rows; r < n; r += rows) {
            rows = Blocking.panelRows(n - r);
            floats += (long) width(rows) * k;
        }
        this.data = new float[Math.toIntExact(floats)];
    }

    public int n() { return n; }

    public int k() { return k; }

    /** Floats per k step of a tile of this many rows: 4 for the 4-row kernel, else MR. */
    static int width(int rows) {
        return rows <= 4 ? 4 : Blocking.MR;
    }

    /** Packs W (transW false: stored [n, k] row-major at wOff, row stride ldw; true: stored [k, n]) into this. */
    void pack(boolean transW, float[] w, int wOff, int ldw) {
        for (int pc = 0, off = 0; pc < k; pc += kc) {
            int slice = Math.min(kc, k - pc);
            for (int r = 0, rows; r < n; r += rows) {
                rows = Blocking.panelRows(n - r);
                Packing.packA(transW, w, wOff, ldw, r, rows, pc, slice, data, off);
                off += width(rows) * slice;
            }
        }
    }
}
