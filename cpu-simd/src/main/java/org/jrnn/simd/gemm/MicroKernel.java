package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;

/**
 * The 8 x 32 register-blocked kernel: C[8, 32] (=|+=) alpha * Apanel[8, kc] * Bpanel[kc, 32].
 * 16 accumulators stay in zmm registers for the whole kc loop; per k step it loads two B
 * vectors and broadcasts eight A values (10 loads for 16 FMAs). Edge tiles (mr < 8 or
 * nr < 32) reuse the same loop over zero-padded panels and only store the valid part.
 */
final class MicroKernel {
    private MicroKernel() {}

    /**
     * @param ap   packed A panel, element (i, p) at aOff + p*MR + i
     * @param bp   packed B panel, element (p, j) at bOff + p*NR + j
     * @param tile MR*NR scratch floats (thread-local) for the accumulators
     * @param beta factor for the old C (0 = overwrite without reading)
     */
    static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff,
                       float[] tile, float[] c, int cOff, int ldc, int mr, int nr, float alpha, float beta) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // Spill the accumulators to the L1-hot tile and merge from there: passing vectors to a
        // non-inlined helper would force C2 to box them inside the loop (measured 40x slower).
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
        Tile.merge(tile, mr, nr, alpha, beta, c, cOff, ldc);
    }
}
