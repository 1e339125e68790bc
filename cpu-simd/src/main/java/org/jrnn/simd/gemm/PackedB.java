package org.jrnn.simd.gemm;

/**
 * op(B) [k,n] pre-packed into column panels of {@link Blocking#NR}: panel q holds columns
 * q*NR .. q*NR+NR-1 for all k rows, row p at offset q*k*NR + p*NR, zero-padded past n.
 * The blocked driver reads a KC slice of a panel at +pc*NR; the few-row path streams whole panels.
 */
public final class PackedB {
    final int k;
    final int n;
    final int panels;
    final float[] data;

    PackedB(int k, int n) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("k=" + k + " n=" + n);
        this.k = k;
        this.n = n;
        this.panels = (n + Blocking.NR - 1) / Blocking.NR;
        this.data = new float[Math.multiplyExact(Math.multiplyExact(panels, k), Blocking.NR)];
    }

    public int k() { return k; }

    public int n() { return n; }

    /** Offset of panel q's first row. */
    int panelOffset(int q) { return q * k * Blocking.NR; }
}
