package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked kernel C[MR, NR] (=|+=) alpha * A[MR, kc] * Bpanel[kc, NR], NR two vectors wide: 8 x 32 on
 * AVX-512 (16 accumulators in 32 zmm registers), 6 x 16 on AVX2 (12 accumulators, as 8 rows would spill 16 ymm).
 * Per k step it loads two B vectors and broadcasts MR A values. Edge tiles (mr &lt; MR or nr &lt; NR) reuse the same
 * loop over zero-padded B panels and only store the valid part.
 *
 * <p>A comes in one of two layouts, each with its own loop so that every A index is a loop variable plus a
 * constant (C2 then hoists all range checks and computes no address per row): packed k-major (rs = 0: the panel's
 * rows for one k step side by side, {@link Packing#packA}, one sequential stream), or the rows of a row-major A
 * read in place (rs = lda: a small A that stays in L1 across all of B's panels, such as a recurrent step's [B, H]
 * state, where packing it would cost as much as the FLOPs saved). Against packed panels whose rows were each
 * contiguous along k (six streams of A per tile), bench/tools/AbTime.java on the 2-core Zen 3 (calls alternating
 * in one process, median ratio new/old): gemm 2048^3 0.92 on 1 thread and 0.95 on 2 (wall), 6400x1024x256 NT
 * 0.94, 1024x512x6400 TN 0.91, LSTM T100 B64 I=H=256 training step 0.91-0.94 on 2 threads. The two loops share
 * one method and its stores: as separate methods that handed their accumulators over through the scratch tile,
 * C2 scheduled three broadcasts ahead in the packed loop and spilled an accumulator on AVX2 (2048^3 ran at half
 * speed); check the machine code (bench/README.md) after changing either loop.
 * Full tiles with alpha = 1 and beta 0 or 1 (every RNN call) store straight into C; the others
 * go through a scratch tile and {@link Tile#merge}.
 */
final class MicroKernel {
    private MicroKernel() {}

    /**
     * C[mr, nr] (=|+=) alpha * A * Bpanel, element (i, p) of A at a[aOff + p*MR + i] when packed (rs = 0) and at
     * a[aOff + i*rs + p] when read in place. Rows past mr repeat row mr-1 (their results are never stored), so
     * nothing past A's last valid row is read.
     *
     * @param bp   packed B panel, element (p, j) at bOff + p*NR + j
     * @param tile MR*NR scratch floats (thread-local) for edge tiles
     * @param beta factor for the old C (0 = overwrite without reading)
     */
    static void kernel(int kc, float[] a, int aOff, int rs, float[] bp, int bOff,
                       float[] tile, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta) {
        int last = mr - 1;
        int a0 = aOff, a1 = aOff + Math.min(1, last) * rs, a2 = aOff + Math.min(2, last) * rs;
        int a3 = aOff + Math.min(3, last) * rs, a4 = aOff + Math.min(4, last) * rs;
        int a5 = aOff + Math.min(5, last) * rs, a6 = aOff + Math.min(6, last) * rs;
        int a7 = aOff + Math.min(7, last) * rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        if (rs == 0) { // packed, k-major
            for (int p = 0; p < kc; p++) {
                int bi = bOff + p * NR;
                int ai = aOff + p * MR;
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                if (MR == 8) { // a constant: C2 drops rows 6 and 7 from the 6-row (AVX2) kernel
                    x = FloatVector.broadcast(S, a[ai + 6]);
                    c60 = x.fma(b0, c60);
                    c61 = x.fma(b1, c61);
                    x = FloatVector.broadcast(S, a[ai + 7]);
                    c70 = x.fma(b0, c70);
                    c71 = x.fma(b1, c71);
                }
            }
        } else { // in place, row i at aOff + i*rs
            for (int p = 0; p < kc; p++) {
                int bi = bOff + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[a4 + p]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[a5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                if (MR == 8) { // a constant: C2 drops rows 6 and 7 from the 6-row (AVX2) kernel
                    x = FloatVector.broadcast(S, a[a6 + p]);
                    c60 = x.fma(b0, c60);
                    c61 = x.fma(b1, c61);
                    x = FloatVector.broadcast(S, a[a7 + p]);
                    c70 = x.fma(b0, c70);
                    c71 = x.fma(b1, c71);
                }
            }
        }
        if (mr == MR && nr == NR && alpha == 1f && beta == 0f) {
            c00.intoArray(c, cOff + 0 * ldc);
            c01.intoArray(c, cOff + 0 * ldc + L);
            c10.intoArray(c, cOff + 1 * ldc);
            c11.intoArray(c, cOff + 1 * ldc + L);
            c20.intoArray(c, cOff + 2 * ldc);
            c21.intoArray(c, cOff + 2 * ldc + L);
            c30.intoArray(c, cOff + 3 * ldc);
            c31.intoArray(c, cOff + 3 * ldc + L);
            c40.intoArray(c, cOff + 4 * ldc);
            c41.intoArray(c, cOff + 4 * ldc + L);
            c50.intoArray(c, cOff + 5 * ldc);
            c51.intoArray(c, cOff + 5 * ldc + L);
            if (MR == 8) {
                c60.intoArray(c, cOff + 6 * ldc);
                c61.intoArray(c, cOff + 6 * ldc + L);
                c70.intoArray(c, cOff + 7 * ldc);
                c71.intoArray(c, cOff + 7 * ldc + L);
            }
        } else if (mr == MR && nr == NR && alpha == 1f && beta == 1f) {
            c00.add(FloatVector.fromArray(S, c, cOff + 0 * ldc)).intoArray(c, cOff + 0 * ldc);
            c01.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + L)).intoArray(c, cOff + 0 * ldc + L);
            c10.add(FloatVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
            c11.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
            c20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
            c21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
            c31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
            c40.add(FloatVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
            c41.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
            c50.add(FloatVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
            c51.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
            if (MR == 8) {
                c60.add(FloatVector.fromArray(S, c, cOff + 6 * ldc)).intoArray(c, cOff + 6 * ldc);
                c61.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + L)).intoArray(c, cOff + 6 * ldc + L);
                c70.add(FloatVector.fromArray(S, c, cOff + 7 * ldc)).intoArray(c, cOff + 7 * ldc);
                c71.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + L)).intoArray(c, cOff + 7 * ldc + L);
            }
        } else {
            // Spill to the L1-hot tile and merge from there: passing vectors to a non-inlined helper
            // would force C2 to box them inside the loop (measured 40x slower).
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, 1 * NR);
            c11.intoArray(tile, 1 * NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + L);
            if (MR == 8) {
                c60.intoArray(tile, 6 * NR);
                c61.intoArray(tile, 6 * NR + L);
                c70.intoArray(tile, 7 * NR);
                c71.intoArray(tile, 7 * NR + L);
            }
            Tile.merge(tile, mr, nr, alpha, beta, c, cOff, ldc);
        }
    }

    /**
     * {@link #kernel} for at most 4 rows (8 accumulators): the last panel of an m that MR does not divide, so that
     * e.g. a batch of 32 on AVX2 runs 6+6+6+6+4+4 rows instead of six 6-row tiles of which the last is two thirds
     * padding. Same arguments and contract, mr &lt;= 4, except that a packed panel holds 4 floats per k step.
     */
    static void kernel4(int kc, float[] a, int aOff, int rs, float[] bp, int bOff,
                        float[] tile, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta) {
        int last = mr - 1;
        int a0 = aOff, a1 = aOff + Math.min(1, last) * rs, a2 = aOff + Math.min(2, last) * rs;
        int a3 = aOff + Math.min(3, last) * rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        if (rs == 0) { // packed, k-major
            for (int p = 0; p < kc; p++) {
                int bi = bOff + p * NR;
                int ai = aOff + p * 4;
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
        } else { // in place, row i at aOff + i*rs
            for (int p = 0; p < kc; p++) {
                int bi = bOff + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
        }
        if (mr == 4 && nr == NR && alpha == 1f && (beta == 0f || beta == 1f)) {
            if (beta == 1f) {
                c00 = c00.add(FloatVector.fromArray(S, c, cOff));
                c01 = c01.add(FloatVector.fromArray(S, c, cOff + L));
                c10 = c10.add(FloatVector.fromArray(S, c, cOff + ldc));
                c11 = c11.add(FloatVector.fromArray(S, c, cOff + ldc + L));
                c20 = c20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc));
                c21 = c21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L));
                c30 = c30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc));
                c31 = c31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L));
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + ldc);
            c11.intoArray(c, cOff + ldc + L);
            c20.intoArray(c, cOff + 2 * ldc);
            c21.intoArray(c, cOff + 2 * ldc + L);
            c30.intoArray(c, cOff + 3 * ldc);
            c31.intoArray(c, cOff + 3 * ldc + L);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            Tile.merge(tile, mr, nr, alpha, beta, c, cOff, ldc);
        }
    }

    /** One micro-tile of mr rows, A packed (rs = 0) or in place: the 4-row kernel when that is enough, else MR. */
    static void tile(int kc, float[] a, int aOff, int rs, float[] bp, int bOff,
                     float[] tile, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta) {
        if (mr <= 4) {
            kernel4(kc, a, aOff, rs, bp, bOff, tile, c, cOff, ldc, mr, nr, alpha, beta);
        } else {
            kernel(kc, a, aOff, rs, bp, bOff, tile, c, cOff, ldc, mr, nr, alpha, beta);
        }
    }
}
