package org.jrnn.simd.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * In-register transpose of 16 x 16 floats (AVX-512 only: 16-lane vectors): the streamed product's C^T tiles stored
 * into C, C's old values loaded as C^T when it accumulates, and whole B^T panels packed (Packing.packB; the streamed
 * product packs the step's state that way every step). Four rounds of two-source permutes ({@code selectFrom(v1, v2)}, one vpermi2ps each); round k swaps bit k
 * of the row index with bit k of the column index, so after the four rounds element (i, j) is at (j, i). 16 loads,
 * 64 permutes and 16 stores against 256 scalar loads and stores: a throwaway harness (one thread, 2-core Zen 5,
 * C^T 1024 x 32 into C with rows 1040 floats apart) took 4.9 us against 10.4 us for the unrolled scalar store.
 * JFR of the forward h256 LSTM had 7 % of its samples in that scalar store. bench/tools/AbTime.java, 2 threads,
 * geometric mean of both jar orders, new/old wall: forward h256 LSTM 0.959, h256 GRU 0.960, h512 LSTM 0.961,
 * h1024 GRU 1.015 (its store was 2 % of the samples); training (whose backward transposes G times less per FLOP)
 * h256 LSTM 0.989, h512 GRU 1.005.
 */
final class Transpose16 {
    private Transpose16() {}

    static final VectorSpecies<Float> S16 = FloatVector.SPECIES_512;

    /** Whether this CPU runs {@link #block} natively (16-lane preferred vectors). */
    static final boolean SUPPORTED = Blocking.L == 16;

    private static final FloatVector LO0 = lanes(0, false), HI0 = lanes(0, true);
    private static final FloatVector LO1 = lanes(1, false), HI1 = lanes(1, true);
    private static final FloatVector LO2 = lanes(2, false), HI2 = lanes(2, true);
    private static final FloatVector LO3 = lanes(3, false), HI3 = lanes(3, true);

    /**
     * Round k's selection for rows i (bit k clear, {@code high} false) and i + 2^k (set) of a pair: lanes 0-15 pick
     * from the first row, 16-31 from the second.
     */
    private static FloatVector lanes(int k, boolean high) {
        int s = 1 << k;
        float[] index = new float[16];
        for (int col = 0; col < 16; col++) {
            boolean lowHalf = (col & s) == 0;
            index[col] = high ? (lowHalf ? col + s : 16 + col) : (lowHalf ? col : 16 + col - s);
        }
        return FloatVector.fromArray(S16, index, 0);
    }

    /**
     * dst[dstOff + j * ldd + i] = src[srcOff + i * lds + j] for i &lt; rows, j &lt; cols: whole 16 x 16 blocks by
     * {@link #block}, the rows and columns past the last whole block one element at a time.
     */
    static void transpose(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int dstOff, int ldd) {
        int rows16 = rows / 16 * 16, cols16 = cols / 16 * 16;
        for (int i = 0; i < rows16; i += 16) {
            for (int j = 0; j < cols16; j += 16) {
                block(src, srcOff + i * lds + j, lds, dst, dstOff + j * ldd + i, ldd);
            }
            for (int j = cols16; j < cols; j++) {
                for (int ii = i; ii < i + 16; ii++) dst[dstOff + j * ldd + ii] = src[srcOff + ii * lds + j];
            }
        }
        for (int i = rows16; i < rows; i++) {
            for (int j = 0; j < cols; j++) dst[dstOff + j * ldd + i] = src[srcOff + i * lds + j];
        }
    }

    /** dst[dstOff + j * ldd + i] = src[srcOff + i * lds + j] for i, j &lt; 16. */
    static void block(float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S16, src, srcOff + 0 * lds);
        FloatVector r1 = FloatVector.fromArray(S16, src, srcOff + 1 * lds);
        FloatVector r2 = FloatVector.fromArray(S16, src, srcOff + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(S16, src, srcOff + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S16, src, srcOff + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(S16, src, srcOff + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S16, src, srcOff + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(S16, src, srcOff + 7 * lds);
        FloatVector r8 = FloatVector.fromArray(S16, src, srcOff + 8 * lds);
        FloatVector r9 = FloatVector.fromArray(S16, src, srcOff + 9 * lds);
        FloatVector r10 = FloatVector.fromArray(S16, src, srcOff + 10 * lds);
        FloatVector r11 = FloatVector.fromArray(S16, src, srcOff + 11 * lds);
        FloatVector r12 = FloatVector.fromArray(S16, src, srcOff + 12 * lds);
        FloatVector r13 = FloatVector.fromArray(S16, src, srcOff + 13 * lds);
        FloatVector r14 = FloatVector.fromArray(S16, src, srcOff + 14 * lds);
        FloatVector r15 = FloatVector.fromArray(S16, src, srcOff + 15 * lds);
        FloatVector a0 = LO0.selectFrom(r0, r1), a1 = HI0.selectFrom(r0, r1);
        FloatVector a2 = LO0.selectFrom(r2, r3), a3 = HI0.selectFrom(r2, r3);
        FloatVector a4 = LO0.selectFrom(r4, r5), a5 = HI0.selectFrom(r4, r5);
        FloatVector a6 = LO0.selectFrom(r6, r7), a7 = HI0.selectFrom(r6, r7);
        FloatVector a8 = LO0.selectFrom(r8, r9), a9 = HI0.selectFrom(r8, r9);
        FloatVector a10 = LO0.selectFrom(r10, r11), a11 = HI0.selectFrom(r10, r11);
        FloatVector a12 = LO0.selectFrom(r12, r13), a13 = HI0.selectFrom(r12, r13);
        FloatVector a14 = LO0.selectFrom(r14, r15), a15 = HI0.selectFrom(r14, r15);
        FloatVector b0 = LO1.selectFrom(a0, a2), b2 = HI1.selectFrom(a0, a2);
        FloatVector b1 = LO1.selectFrom(a1, a3), b3 = HI1.selectFrom(a1, a3);
        FloatVector b4 = LO1.selectFrom(a4, a6), b6 = HI1.selectFrom(a4, a6);
        FloatVector b5 = LO1.selectFrom(a5, a7), b7 = HI1.selectFrom(a5, a7);
        FloatVector b8 = LO1.selectFrom(a8, a10), b10 = HI1.selectFrom(a8, a10);
        FloatVector b9 = LO1.selectFrom(a9, a11), b11 = HI1.selectFrom(a9, a11);
        FloatVector b12 = LO1.selectFrom(a12, a14), b14 = HI1.selectFrom(a12, a14);
        FloatVector b13 = LO1.selectFrom(a13, a15), b15 = HI1.selectFrom(a13, a15);
        FloatVector c0 = LO2.selectFrom(b0, b4), c4 = HI2.selectFrom(b0, b4);
        FloatVector c1 = LO2.selectFrom(b1, b5), c5 = HI2.selectFrom(b1, b5);
        FloatVector c2 = LO2.selectFrom(b2, b6), c6 = HI2.selectFrom(b2, b6);
        FloatVector c3 = LO2.selectFrom(b3, b7), c7 = HI2.selectFrom(b3, b7);
        FloatVector c8 = LO2.selectFrom(b8, b12), c12 = HI2.selectFrom(b8, b12);
        FloatVector c9 = LO2.selectFrom(b9, b13), c13 = HI2.selectFrom(b9, b13);
        FloatVector c10 = LO2.selectFrom(b10, b14), c14 = HI2.selectFrom(b10, b14);
        FloatVector c11 = LO2.selectFrom(b11, b15), c15 = HI2.selectFrom(b11, b15);
        FloatVector d0 = LO3.selectFrom(c0, c8), d8 = HI3.selectFrom(c0, c8);
        FloatVector d1 = LO3.selectFrom(c1, c9), d9 = HI3.selectFrom(c1, c9);
        FloatVector d2 = LO3.selectFrom(c2, c10), d10 = HI3.selectFrom(c2, c10);
        FloatVector d3 = LO3.selectFrom(c3, c11), d11 = HI3.selectFrom(c3, c11);
        FloatVector d4 = LO3.selectFrom(c4, c12), d12 = HI3.selectFrom(c4, c12);
        FloatVector d5 = LO3.selectFrom(c5, c13), d13 = HI3.selectFrom(c5, c13);
        FloatVector d6 = LO3.selectFrom(c6, c14), d14 = HI3.selectFrom(c6, c14);
        FloatVector d7 = LO3.selectFrom(c7, c15), d15 = HI3.selectFrom(c7, c15);
        d0.intoArray(dst, dstOff + 0 * ldd);
        d1.intoArray(dst, dstOff + 1 * ldd);
        d2.intoArray(dst, dstOff + 2 * ldd);
        d3.intoArray(dst, dstOff + 3 * ldd);
        d4.intoArray(dst, dstOff + 4 * ldd);
        d5.intoArray(dst, dstOff + 5 * ldd);
        d6.intoArray(dst, dstOff + 6 * ldd);
        d7.intoArray(dst, dstOff + 7 * ldd);
        d8.intoArray(dst, dstOff + 8 * ldd);
        d9.intoArray(dst, dstOff + 9 * ldd);
        d10.intoArray(dst, dstOff + 10 * ldd);
        d11.intoArray(dst, dstOff + 11 * ldd);
        d12.intoArray(dst, dstOff + 12 * ldd);
        d13.intoArray(dst, dstOff + 13 * ldd);
        d14.intoArray(dst, dstOff + 14 * ldd);
        d15.intoArray(dst, dstOff + 15 * ldd);
    }
}
