package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * C[rows, nr] = alpha * tile + beta * C for a finished accumulator tile (row r at r*NR).
 * Kernels hand results over through this array rather than as vector arguments so that C2
 * never has to box their accumulators. beta == 0 never reads C; partial rows use masks.
 */
final class Tile {
    private Tile() {}

    static void merge(float[] tile, int rows, int nr, float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        if (nr == NR) {
            for (int r = 0; r < rows; r++) {
                int ci = cOff + r * ldc;
                for (int h = 0; h < NR; h += L) {
                    FloatVector v = FloatVector.fromArray(S, tile, r * NR + h);
                    if (beta == 0f) {
                        v = v.mul(av);
                    } else {
                        FloatVector old = FloatVector.fromArray(S, c, ci + h);
                        v = v.fma(av, beta == 1f ? old : old.mul(beta));
                    }
                    v.intoArray(c, ci + h);
                }
            }
        } else {
            for (int h = 0; h < nr; h += L) {
                VectorMask<Float> m = S.indexInRange(h, nr);
                for (int r = 0; r < rows; r++) {
                    int ci = cOff + r * ldc + h;
                    FloatVector v = FloatVector.fromArray(S, tile, r * NR + h);
                    if (beta == 0f) {
                        v = v.mul(av);
                    } else {
                        FloatVector old = FloatVector.fromArray(S, c, ci, m);
                        v = v.fma(av, beta == 1f ? old : old.mul(beta));
                    }
                    v.intoArray(c, ci, m);
                }
            }
        }
    }
}
