package org.jrnn.simd.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vectorised activations against java.lang.Math (in double) over [-100, 100] on a fine grid, tiny arguments,
 * extremes and NaN, with every length from 1 to 40 so the masked tails run. Stated bounds: max abs error
 * {@link #MAX_ABS} for sigmoid and tanh; relative error {@link #MAX_REL} for tanh at small arguments.
 */
class SimdActivationsTest {
    static final double MAX_ABS = 2e-7;
    static final double MAX_REL = 1e-6;

    @Test
    void sigmoidMatchesMath() {
        double err = maxAbsError(SimdActivations::sigmoid, v -> 1 / (1 + Math.exp(-v)), grid());
        assertTrue(err <= MAX_ABS, "sigmoid max abs error " + err);
    }

    @Test
    void tanhMatchesMath() {
        double err = maxAbsError(SimdActivations::tanh, Math::tanh, grid());
        assertTrue(err <= MAX_ABS, "tanh max abs error " + err);
        float[] small = {1e-8f, -1e-8f, 1e-30f, 3e-5f, -0.001f, 0.01f, 0.3f, -0.7f, 1f};
        float[] out = new float[small.length];
        SimdActivations.tanh(small, 0, out, 0, small.length);
        for (int i = 0; i < small.length; i++) {
            double want = Math.tanh(small[i]);
            assertTrue(Math.abs(out[i] - want) <= MAX_REL * Math.abs(want), "tanh(" + small[i] + ") = " + out[i]);
        }
    }

    @Test
    void extremesSaturateWithoutDenormalsAndNaNPropagates() {
        float[] x = {100f, -100f, 1e8f, -1e8f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f};
        float[] s = new float[x.length];
        float[] t = new float[x.length];
        SimdActivations.sigmoid(x, 0, s, 0, x.length);
        SimdActivations.tanh(x, 0, t, 0, x.length);
        for (int i = 0; i < 6; i++) {
            float wantS = x[i] > 0 ? 1f : 0f;
            assertEquals(wantS, s[i], 1e-37f, "sigmoid(" + x[i] + ")");
            assertTrue(s[i] == 0f || Math.abs(s[i]) >= Float.MIN_NORMAL, "sigmoid(" + x[i] + ") is denormal");
            assertEquals(x[i] > 0 ? 1f : -1f, t[i], 0f, "tanh(" + x[i] + ")");
        }
        assertTrue(Float.isNaN(s[6]) && Float.isNaN(t[6]), "NaN in, NaN out");
        assertEquals(0.5f, s[7]);
        assertEquals(0f, t[7]);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(t[8]), "tanh(-0) = -0");
    }

    /** A grid over [-100, 100] plus every tail length. */
    private static float[] grid() {
        int n = 400_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + 200f * i / (n - 1);
        }
        return x;
    }

    interface ArrayOp {
        void apply(float[] src, int sOff, float[] dst, int dOff, int n);
    }

    private static double maxAbsError(ArrayOp op, DoubleUnaryOperator exact, float[] x) {
        double max = 0;
        float[] y = new float[x.length];
        op.apply(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(y[i] - exact.applyAsDouble(x[i])));
        }
        // Every tail length, at an odd offset.
        for (int len = 1; len <= 40; len++) {
            float[] out = new float[len + 3];
            op.apply(x, 200_000 - 20 + len, out, 3, len);
            for (int i = 0; i < len; i++) {
                max = Math.max(max, Math.abs(out[3 + i] - exact.applyAsDouble(x[200_000 - 20 + len + i])));
            }
        }
        return max;
    }
}
