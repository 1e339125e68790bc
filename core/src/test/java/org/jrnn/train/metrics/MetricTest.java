package org.jrnn.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricTest {
    @Test
    void eachMetricKnowsWhichWayIsBetter() {
        for (Metric m : Metric.values()) {
            boolean expectHigher = switch (m) {
                case ACCURACY, MACRO_PRECISION, MACRO_RECALL, MACRO_F1, R2 -> true;
                case MSE, RMSE, MAE, MAPE -> false;
            };
            assertEquals(expectHigher, m.higherIsBetter(), m.name());
        }
        assertTrue(Metric.MACRO_F1.isBetter(0.8, 0.7));
        assertFalse(Metric.MACRO_F1.isBetter(0.7, 0.7));
        assertTrue(Metric.RMSE.isBetter(0.1, 0.2));
        assertTrue(Metric.RMSE.isBetter(1e300, Metric.RMSE.goal().worst()));
        assertTrue(Metric.R2.isBetter(-1e300, Metric.R2.goal().worst()));
    }

    @Test
    void evaluatesLikeTheStaticMethods() {
        int[] p = ConfusionMatrixTest.PREDICTED;
        int[] a = ConfusionMatrixTest.ACTUAL;
        assertEquals(Classification.macroF1(p, a), Metric.MACRO_F1.of(p, a));
        assertEquals(Classification.accuracy(p, a), Metric.ACCURACY.of(p, a));
        float[] x = {1, 2, 3};
        float[] y = {1, 2, 5};
        assertEquals(Regression.rmse(x, y), Metric.RMSE.of(x, y));
        assertEquals(Regression.r2(x, y), Metric.R2.of(x, y));
    }

    @Test
    void wrongKindOfInputNamesTheMetric() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metric.RMSE.of(new int[] {1}, new int[] {1}));
        assertTrue(e.getMessage().startsWith("RMSE is a regression metric"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.ACCURACY.of(new float[] {1}, new float[] {1}));
        assertEquals(Metric.Kind.REGRESSION, Metric.MAPE.kind());
        assertEquals(Metric.Kind.CLASSIFICATION, Metric.MACRO_RECALL.kind());
    }
}
