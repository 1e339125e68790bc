package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * m <= 4 rows against a fully packed op(B) (GEMV-like, e.g. batch-1 streaming inference
 * [1, H] x W_hh^T [H, G*H]). Nothing is packed or allocated: A is read in place and each B
 * panel is streamed exactly once over the whole k, so the cost is one pass over B.
 * The k loop keeps 8 independent accumulator chains (k-unrolled for m = 1, 2) so FMA latency
 * (4 cycles x 2 pipes) never limits the stream.
 */
final class FewRows {
    private FewRows() {}

    /**
     * C[m, n] = alpha * op(A)[m, k] * B + beta * C, where op(A)(i, p) = a[aOff + i*rs + p*ks]
     * and B is packed as in {@link PackedB} (panel q at q*k*NR).
     */
    static void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int rs, int ks,
                     float[] bp, float beta, float[] c, int cOff, int ldc, float[] tile) {
        int panels = (n + NR - 1) / NR;
        for (int q = 0; q < panels; q++) {
            int bo = q * k * NR;
            int j = q * NR;
            int nr = Math.min(NR, n - j);
            int ci = cOff + j;
            switch (m) {
                case 1 -> row1(k, a, aOff, ks, bp, bo, tile, c, ci, nr, alpha, beta);
                case 2 -> row2(k, a, aOff, aOff + rs, ks, bp, bo, tile, c, ci, ldc, nr, alpha, beta);
                // m = 3 runs the 4-row kernel with row 3 aliased to row 2 and not stored.
                default -> row4(k, a, aOff, aOff + rs, aOff + 2 * rs, aOff + (m == 4 ? 3 : 2) * rs, ks,
                        bp, bo, tile, c, ci, ldc, m, nr, alpha, beta);
            }
        }
    }

    /**
     * C[m, n] = alpha * op(A)[m, k] * B + beta * C with B [k, n] row-major in place (ldb): no packing, so the
     * cost is m passes over B (one for a GEMV). Columns in blocks of 8 vectors held in registers across all of k;
     * a ragged last block goes a vector at a time with masks.
     */
    static void unpackedB(int m, int n, int k, float alpha, float[] a, int aOff, int rs, int ks, float[] b, int bOff,
                          int ldb, float beta, float[] c, int cOff, int ldc) {
        int w = 8 * L;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * rs;
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j + w <= n; j += w) {
                block8(k, alpha, a, ai, ks, b, bOff + j, ldb, beta, c, ci + j);
            }
            for (; j < n; j += L) {
                VectorMask<Float> msk = S.indexInRange(j, n);
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0, bi = bOff + j, ap = ai; p < k; p++, bi += ldb, ap += ks) {
                    acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bi, msk), acc);
                }
                if (beta == 0f) {
                    acc = acc.mul(alpha);
                } else {
                    FloatVector old = FloatVector.fromArray(S, c, ci + j, msk);
                    acc = acc.fma(FloatVector.broadcast(S, alpha), beta == 1f ? old : old.mul(beta));
                }
                acc.intoArray(c, ci + j, msk);
            }
        }
    }

    private static void block8(int k, float alpha, float[] a, int ai, int ks, float[] b, int bo, int ldb, float beta,
                               float[] c, int ci) {
        FloatVector z = FloatVector.zero(S);
        FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
        for (int p = 0, bi = bo, ap = ai; p < k; p++, bi += ldb, ap += ks) {
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
            s4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), s4);
            s5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), s5);
            s6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), s6);
            s7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), s7);
        }
        if (beta == 0f) {
            s0.mul(alpha).intoArray(c, ci);
            s1.mul(alpha).intoArray(c, ci + L);
            s2.mul(alpha).intoArray(c, ci + 2 * L);
            s3.mul(alpha).intoArray(c, ci + 3 * L);
            s4.mul(alpha).intoArray(c, ci + 4 * L);
            s5.mul(alpha).intoArray(c, ci + 5 * L);
            s6.mul(alpha).intoArray(c, ci + 6 * L);
            s7.mul(alpha).intoArray(c, ci + 7 * L);
        } else {
            FloatVector av = FloatVector.broadcast(S, alpha);
            s0.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci) : FloatVector.fromArray(S, c, ci).mul(beta))
                    .intoArray(c, ci);
            s1.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + L) : FloatVector.fromArray(S, c, ci + L).mul(beta))
                    .intoArray(c, ci + L);
            s2.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 2 * L) : FloatVector.fromArray(S, c, ci + 2 * L).mul(beta))
                    .intoArray(c, ci + 2 * L);
            s3.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 3 * L) : FloatVector.fromArray(S, c, ci + 3 * L).mul(beta))
                    .intoArray(c, ci + 3 * L);
            s4.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 4 * L) : FloatVector.fromArray(S, c, ci + 4 * L).mul(beta))
                    .intoArray(c, ci + 4 * L);
            s5.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 5 * L) : FloatVector.fromArray(S, c, ci + 5 * L).mul(beta))
                    .intoArray(c, ci + 5 * L);
            s6.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 6 * L) : FloatVector.fromArray(S, c, ci + 6 * L).mul(beta))
                    .intoArray(c, ci + 6 * L);
            s7.fma(av, beta == 1f ? FloatVector.fromArray(S, c, ci + 7 * L) : FloatVector.fromArray(S, c, ci + 7 * L).mul(beta))
                    .intoArray(c, ci + 7 * L);
        }
    }

    private static void row1(int k, float[] a, int a0, int ks, float[] bp, int bo,
                             float[] tile, float[] c, int ci, int nr, float alpha, float beta) {
        FloatVector z = FloatVector.zero(S);
        FloatVector s0 = z, s1 = z, t0 = z, t1 = z, u0 = z, u1 = z, v0 = z, v1 = z;
        int p = 0;
        for (; p + 3 < k; p += 4) {
            int bi = bo + p * NR;
            int ai = a0 + p * ks;
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            s0 = x.fma(FloatVector.fromArray(S, bp, bi), s0);
            s1 = x.fma(FloatVector.fromArray(S, bp, bi + L), s1);
            x = FloatVector.broadcast(S, a[ai + ks]);
            t0 = x.fma(FloatVector.fromArray(S, bp, bi + NR), t0);
            t1 = x.fma(FloatVector.fromArray(S, bp, bi + NR + L), t1);
            x = FloatVector.broadcast(S, a[ai + 2 * ks]);
            u0 = x.fma(FloatVector.fromArray(S, bp, bi + 2 * NR), u0);
            u1 = x.fma(FloatVector.fromArray(S, bp, bi + 2 * NR + L), u1);
            x = FloatVector.broadcast(S, a[ai + 3 * ks]);
            v0 = x.fma(FloatVector.fromArray(S, bp, bi + 3 * NR), v0);
            v1 = x.fma(FloatVector.fromArray(S, bp, bi + 3 * NR + L), v1);
        }
        for (; p < k; p++) {
            int bi = bo + p * NR;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * ks]);
            s0 = x.fma(FloatVector.fromArray(S, bp, bi), s0);
            s1 = x.fma(FloatVector.fromArray(S, bp, bi + L), s1);
        }
        s0.add(t0).add(u0.add(v0)).intoArray(tile, 0);
        s1.add(t1).add(u1.add(v1)).intoArray(tile, L);
        Tile.merge(tile, 1, nr, alpha, beta, c, ci, 0);
    }

    private static void row2(int k, float[] a, int a0, int a1, int ks, float[] bp, int bo,
                             float[] tile, float[] c, int ci, int ldc, int nr, float alpha, float beta) {
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, t00 = z, t01 = z, t10 = z, t11 = z;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            int bi = bo + p * NR;
            int o = p * ks;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            b0 = FloatVector.fromArray(S, bp, bi + NR);
            b1 = FloatVector.fromArray(S, bp, bi + NR + L);
            x = FloatVector.broadcast(S, a[a0 + o + ks]);
            t00 = x.fma(b0, t00);
            t01 = x.fma(b1, t01);
            x = FloatVector.broadcast(S, a[a1 + o + ks]);
            t10 = x.fma(b0, t10);
            t11 = x.fma(b1, t11);
        }
        if (p < k) {
            int bi = bo + p * NR;
            int o = p * ks;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
        }
        s00.add(t00).intoArray(tile, 0);
        s01.add(t01).intoArray(tile, L);
        s10.add(t10).intoArray(tile, NR);
        s11.add(t11).intoArray(tile, NR + L);
        Tile.merge(tile, 2, nr, alpha, beta, c, ci, ldc);
    }

    private static void row4(int k, float[] a, int a0, int a1, int a2, int a3, int ks, float[] bp, int bo,
                             float[] tile, float[] c, int ci, int ldc, int rows, int nr, float alpha, float beta) {
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
        for (int p = 0; p < k; p++) {
            int bi = bo + p * NR;
            int o = p * ks;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(S, a[a3 + o]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        s00.intoArray(tile, 0);
        s01.intoArray(tile, L);
        s10.intoArray(tile, NR);
        s11.intoArray(tile, NR + L);
        s20.intoArray(tile, 2 * NR);
        s21.intoArray(tile, 2 * NR + L);
        s30.intoArray(tile, 3 * NR);
        s31.intoArray(tile, 3 * NR + L);
        Tile.merge(tile, rows, nr, alpha, beta, c, ci, ldc);
    }

}
