package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.MC;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NC;
import static org.jrnn.simd.gemm.Blocking.NR;

/**
 * Goto/BLIS-style cache blocking for one thread's rectangle [r0, r1) x [c0, c1) of C.
 * Loop order: NC columns -> KC depth (pack B block) -> MC rows (pack A block) -> NR panels ->
 * MR panels. The innermost loop reuses one KC x NR B micro-panel from L1 across all MC rows
 * while the MC x KC A block sits in L2. The k blocking depends on k only, so every C element
 * sees the same summation order whatever the thread split.
 */
final class BlockedDriver {
    private BlockedDriver() {}

    /** op(B) unpacked: B blocks are packed here into the workspace. */
    static void unpacked(Workspace ws, boolean transA, boolean transB, int r0, int r1, int c0, int c1, int k,
                         float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        int kcMax = Blocking.kcFor(k);
        float[] ap = ws.a(Math.min(MC, Blocking.roundUp(r1 - r0, MR)) * kcMax);
        float[] bp = ws.b(Math.min(NC, Blocking.roundUp(c1 - c0, NR)) * kcMax);
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0, kc * NR);
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    macro(mc, nc, kc, ap, bp, 0, kc * NR, ws.tile, alpha, betaK, c, cOff + ic * ldc + jc, ldc);
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
        if (!transA && r1 - r0 <= MC) {
            // A [m, k] row-major and small (a recurrent step's state): read in place, no packing.
            macroRows(r1 - r0, c1 - c0, k, kcMax, a, aOff + r0 * lda, lda, pb.data, pb.panelOffset(c0 / NR),
                    panelStride, ws.tile, alpha, beta, c, cOff + r0 * ldc + c0, ldc);
            return;
        }
        float[] ap = ws.a(Math.min(MC, Blocking.roundUp(r1 - r0, MR)) * kcMax);
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            float betaK = pc == 0 ? beta : 1f;
            for (int ic = r0; ic < r1; ic += MC) {
                int mc = Math.min(MC, r1 - ic);
                Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                macro(mc, c1 - c0, kc, ap, pb.data, pb.panelOffset(c0 / NR) + pc * NR, panelStride, ws.tile,
                        alpha, betaK, c, cOff + ic * ldc + c0, ldc);
            }
        }
    }

    /**
     * All of C[mc, nc] = alpha * A * B + beta * C with A's rows read in place (row i at aOff + i*lda, mc <= MC) and B
     * packed over the whole k. The k blocks run inside each column panel, so that panel's strip of C (mc x NR floats,
     * at most 12 KiB) stays in L1 from the first k block to the last beside the KC x NR B micro-panel, instead of
     * the whole of C going to L2 or L3 and back once per k block. Every element still sums its k blocks in the same
     * order as {@link #macro} does.
     */
    private static void macroRows(int mc, int nc, int k, int kcMax, float[] a, int aOff, int lda, float[] bp,
                                  int bOff, int panelStride, float[] tile, float alpha, float beta, float[] c,
                                  int cOff, int ldc) {
        for (int jr = 0, q = 0; jr < nc; jr += NR, q++) {
            int nr = Math.min(NR, nc - jr);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                int bo = bOff + q * panelStride + pc * NR;
                for (int ir = 0, mr; ir < mc; ir += mr) {
                    mr = Blocking.panelRows(mc - ir);
                    MicroKernel.tile(kc, a, aOff + ir * lda + pc, lda, bp, bo, tile, c, cOff + ir * ldc + jr, ldc,
                            mr, nr, alpha, betaK);
                }
            }
        }
    }

    /** All MR x NR tiles of an mc x nc block; B panel q starts at bOff + q*panelStride. */
    private static void macro(int mc, int nc, int kc, float[] ap, float[] bp, int bOff, int panelStride,
                              float[] tile, float alpha, float beta, float[] c, int cOff, int ldc) {
        for (int jr = 0, q = 0; jr < nc; jr += NR, q++) {
            int nr = Math.min(NR, nc - jr);
            int bo = bOff + q * panelStride;
            for (int ir = 0, mr; ir < mc; ir += mr) {
                mr = Blocking.panelRows(mc - ir);
                MicroKernel.tile(kc, ap, ir * kc, kc, bp, bo, tile, c, cOff + ir * ldc + jr, ldc, mr, nr,
                        alpha, beta);
            }
        }
    }
}
