package org.jrnn.simd.cell;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Flushes tiny backward values to zero. On x86 a float operation with a subnormal input or result takes a microcode
 * assist (tens to hundreds of cycles), and the JVM cannot set the CPU's flush-to-zero mode. When a gradient enters
 * only at the last step (a many-to-one classifier), dh and the gate deltas shrink step by step back in time and, in
 * a few dozen steps, reach the subnormal range: measured on the sentiment shape (T = 200), the LSTM backward then
 * took 800 ms instead of 60–120 ms, almost all of it in the recurrent GEMMs. Values below {@link #TINY} = 2^-100
 * (7.9e-31) become 0: far too small to change a float32 weight by any learning rate, and large enough that their
 * products with the weights in the next GEMM stay normal.
 *
 * <p>The cells write the flush inline ({@code v.blend(0f, v.abs().compare(LT, TINY))}) rather than calling
 * {@link #tiny}: in the full training step's profile C2 left that call out of line inside LSTM's backward loop
 * (JFR: Flush.tiny 1.5 % of samples, LstmCell.cellDeltas 3.3 % → 6.3 %); inline, the step measured 80–85 ms
 * against 84–88 ms in the same period.
 */
public final class Flush {
    public static final float TINY = 0x1p-100f;

    private Flush() {}

    /** v, or +0 when its magnitude is below {@link #TINY}: the scalar tails of the cell loops. */
    public static float tiny(float v) {
        return Math.abs(v) < TINY ? 0f : v;
    }

    /** v with every lane whose magnitude is below {@link #TINY} set to 0. */
    public static FloatVector tiny(FloatVector v) {
        return v.blend(0f, v.abs().compare(VectorOperators.LT, TINY));
    }
}
