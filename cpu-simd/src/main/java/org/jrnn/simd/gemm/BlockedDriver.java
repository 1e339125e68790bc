package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.MC;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NC;
import static org.jrnn.simd.gemm.Blocking.NR;

/**
 * Goto/BLIS-style cache blocking for one thread's rectangle [r0, r1) x [c0, c1) of C.
 * Loop order: NC columns -> KK depth (pack B block) -> row block (pack A block, KK deep) -> NR panels ->
 * KC slices -> MR panels. The innermost loop reuses one KC x NR B micro-panel from L1 across the block's rows
 * while the A block sits in L2, and a panel's strip of C stays in L1 over all KC slices of a KK pass. The k
 * blocking depends on k only, so every C element sees the same summation order whatever the thread split.
 */
final class BlockedDriver {
    private BlockedDriver() {}

    /** op(B) unpacked: B blocks are packed here into the workspace. */
    static void unpacked(Workspace ws, boolean transA, boolean transB, int r0, int r1, int c0, int c1, int k,
                         float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        int kcMax = Blocking.kcFor(k);
        int kkMax = Blocking.kkFor(k, kcMax);
        int mcMax = Blocking.mcFor(kkMax);
        float[] ap = ws.a(Math.min(mcMax, Blocking.roundUp(r1 - r0, MR)) * kkMax);
        float[] bp = ws.b(Math.min(NC, Blocking.roundUp(c1 - c0, NR)) * kkMax);
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int pk = 0; pk < k; pk += kkMax) {
                int kk = Math.min(kkMax, k - pk);
                Packing.packB(transB, b, bOff, ldb, pk, kk, jc, nc, bp, 0, kk * NR);
                for (int ic = r0; ic < r1; ic += mcMax) {
                    int mc = Math.min(mcMax, r1 - ic);
                    packDeepA(transA, a, aOff, lda, ic, mc, pk, kk, kcMax, ap);
                    macroDeep(mc, nc, pk, kk, kcMax, ap, 0, 0, false, bp, 0, kk * NR, ws.tile, alpha, beta,
                            c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /** op(B) prepacked over the whole k; c0 must be a multiple of NR (a panel boundary). */
    static void packed(Workspace ws, boolean transA, int r0, int r1, int c0, int c1,
                       float alpha, float[] a, int aOff, int lda, PackedB pb,
                       float beta, float[] c, int cOff, int ldc) {
        int k = pb.k;
        int kcMax = Blocking.kcFor(k);
        int panelStride = k * NR;
        if (readsAInPlace(transA, r1 - r0)) {
            // A [m, k] row-major and small (a recurrent step's state): read in place, no packing.
            macroDeep(r1 - r0, c1 - c0, 0, k, kcMax, a, aOff + r0 * lda, lda, true, pb.data,
                    pb.panelOffset(c0 / NR), panelStride, ws.tile, alpha, beta, c, cOff + r0 * ldc + c0, ldc);
            return;
        }
        int kkMax = Blocking.kkFor(k, kcMax);
        int mcMax = Blocking.mcFor(kkMax);
        float[] ap = ws.a(Math.min(mcMax, Blocking.roundUp(r1 - r0, MR)) * kkMax);
        for (int pk = 0; pk < k; pk += kkMax) {
            int kk = Math.min(kkMax, k - pk);
            for (int ic = r0; ic < r1; ic += mcMax) {
                int mc = Math.min(mcMax, r1 - ic);
                packDeepA(transA, a, aOff, lda, ic, mc, pk, kk, kcMax, ap);
                macroDeep(mc, c1 - c0, pk, kk, kcMax, ap, 0, 0, false, pb.data, pb.panelOffset(c0 / NR) + pk * NR,
                        panelStride, ws.tile, alpha, beta, c, cOff + ic * ldc + c0, ldc);
            }
        }
    }

    /** Whether {@link #packed} reads an A of this many rows in place instead of packing it (row-major, at most MC rows). */
    static boolean readsAInPlace(boolean transA, int rows) {
        return !transA && rows <= MC;
    }

    /** Packs rows [ic, ic+mc) x depth [pk, pk+kk) of op(A) as consecutive KC slices (each as {@link Packing#packA}). */
    static void packDeepA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pk, int kk, int kcMax,
                          float[] ap) {
        int rows = Blocking.roundUp(mc, MR);
        for (int pc = 0; pc < kk; pc += kcMax) {
            Packing.packA(transA, a, aOff, lda, ic, mc, pk + pc, Math.min(kcMax, kk - pc), ap, pc * rows);
        }
    }

    /**
     * C[mc, nc] (=|+=) alpha * A[mc, pk..pk+kk) * B[pk..pk+kk), nc], B panel q at bOff + q*panelStride (its depth pk
     * at bOff). A is either packed by {@link #packDeepA} at aOff (inPlace false) or read in place, row i at
     * aOff + i*lda (a small row-major A such as a recurrent step's state, where packing would cost as much as the
     * FLOPs saved). For each column panel the KC slices run one after another, so that panel's strip of C (mc x NR
     * floats) stays in L1 across all kk instead of making one trip to L3 or memory per KC slice (a C tile read back
     * from L3 after each slice measured half the kernel's speed). The slices sum in the same order as one pass per
     * slice would: depth 0 with beta, then += each slice.
     */
    static void macroDeep(int mc, int nc, int pk, int kk, int kcMax, float[] a, int aOff, int lda, boolean inPlace,
                          float[] bp, int bOff, int panelStride, float[] tile, float alpha, float beta, float[] c,
                          int cOff, int ldc) {
        int rows = Blocking.roundUp(mc, MR);
        for (int jr = 0, q = 0; jr < nc; jr += NR, q++) {
            int nr = Math.min(NR, nc - jr);
            for (int pc = 0; pc < kk; pc += kcMax) {
                int kc = Math.min(kcMax, kk - pc);
                float betaK = pk + pc == 0 ? beta : 1f;
                int bo = bOff + q * panelStride + pc * NR;
                int rowStep = inPlace ? lda : kc;     // where the next row (in place) or panel (packed) starts
                int a0 = aOff + (inPlace ? pc : pc * rows);
                for (int ir = 0, mr; ir < mc; ir += mr) {
                    mr = Blocking.panelRows(mc - ir);
                    MicroKernel.tile(kc, a, a0 + ir * rowStep, inPlace ? lda : 0, bp, bo, tile, c,
                            cOff + ir * ldc + jr, ldc, mr, nr, alpha, betaK);
                }
            }
        }
    }
}
