package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparison with a mixed tolerance: |actual - expected| &lt;= atol + rtol*|expected|. The failure
 * message names the tensor, the first bad index and the worst error.
 */
public record Tolerance(double atol, double rtol) {

    /** Largest |a - e| / (atol + rtol*|e|) over all elements; at most 1 means within tolerance. */
    public double worstRatio(float[] actual, float[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            double ratio = err / (atol + rtol * Math.abs(expected[i]));
            if (!(ratio <= worst)) {
                worst = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
            }
        }
        return worst;
    }

    public static double maxAbs(float[] actual, float[] expected) {
        double m = 0;
        for (int i = 0; i < expected.length; i++) {
            m = Math.max(m, Math.abs((double) actual[i] - expected[i]));
        }
        return m;
    }

    public void assertClose(String what, float[] actual, float[] expected) {
        if (expected == null && actual == null) {
            return;
        }
        if (expected == null || actual == null) {
            fail(what + ": one side is missing (actual " + (actual == null ? "null" : actual.length)
                    + ", expected " + (expected == null ? "null" : expected.length) + ")");
        }
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values but " + expected.length + " expected");
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i]))) {
                fail(what + "[" + i + "] = " + actual[i] + " but " + expected[i] + " expected (|err| " + err
                        + " > " + atol + " + " + rtol + "*|expected|; max abs error over the tensor "
                        + maxAbs(actual, expected) + ")");
            }
        }
    }
}
