package org.jrnn.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegressionTest {
    // targets mean 2.5; residuals (target - prediction) -0.5, 0, 0.5, -0.5
    // SS_res = 0.75, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5
    private static final float[] TARGETS = {1, 2, 3, 4};
    private static final float[] PREDICTIONS = {1.5f, 2, 2.5f, 4.5f};

    @Test
    void errorsByHand() {
        assertEquals(0.1875, Regression.mse(PREDICTIONS, TARGETS), 1e-15);
        assertEquals(Math.sqrt(0.1875), Regression.rmse(PREDICTIONS, TARGETS), 1e-15);
        assertEquals(0.375, Regression.mae(PREDICTIONS, TARGETS), 1e-15);
    }

    @Test
    void r2ByHand() {
        assertEquals(1 - 0.75 / 5, Regression.r2(PREDICTIONS, TARGETS), 1e-15);
        assertEquals(1.0, Regression.r2(TARGETS, TARGETS));
        // predicting the mean scores 0, anything worse is negative
        assertEquals(0.0, Regression.r2(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, TARGETS), 1e-15);
        assertEquals(1 - 20.0 / 5, Regression.r2(new float[] {4, 3, 2, 1}, TARGETS), 1e-15);
    }

    @Test
    void r2OfConstantTargetsIsOneWhenPerfectElseZeroLikeSklearnForceFinite() {
        float[] constant = {3, 3, 3};
        assertEquals(1.0, Regression.r2(constant, constant));
        assertEquals(0.0, Regression.r2(new float[] {3, 3, 4}, constant));
    }

    @Test
    void mapeIsAFraction() {
        Regression.Mape mape = Regression.mape(PREDICTIONS, TARGETS);
        assertEquals((0.5 / 1 + 0 + 0.5 / 3 + 0.5 / 4) / 4, mape.value(), 1e-15);
        assertEquals(4, mape.usedTargets());
        assertEquals(0, mape.skippedZeroTargets());
    }

    @Test
    void mapeSkipsZeroTargetsAndCountsThem() {
        Regression.Mape mape = Regression.mape(new float[] {1, 1, 5}, new float[] {0, 2, 4});
        assertEquals((0.5 + 0.25) / 2, mape.value(), 1e-15);
        assertEquals(2, mape.usedTargets());
        assertEquals(1, mape.skippedZeroTargets());
        assertEquals((0.5 + 0.25) / 2, Metric.MAPE.of(new float[] {1, 1, 5}, new float[] {0, 2, 4}), 1e-15);
    }

    @Test
    void mapeOfOnlyZeroTargetsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regression.mape(new float[] {1, 2}, new float[] {0, -0f}));
        assertEquals("MAPE: all 2 targets are zero; a percentage error needs at least one non-zero target",
                e.getMessage());
    }

    @Test
    void emptyAndMismatchedArraysAreErrors() {
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Regression.mse(new float[2], new float[5]));
        assertEquals("MSE: predictions has length 2 but targets has length 5; they must have the same length",
                mismatch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regression.r2(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Regression.mae(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Regression.rmse(new float[1], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Regression.mape(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Regression.mse(new float[1], null));
    }

    @Test
    void singleSample() {
        assertEquals(4.0, Regression.mse(new float[] {3}, new float[] {1}));
        assertEquals(2.0, Regression.mae(new float[] {3}, new float[] {1}));
        assertEquals(0.0, Regression.r2(new float[] {3}, new float[] {1})); // constant (one) target, not perfect
    }
}
