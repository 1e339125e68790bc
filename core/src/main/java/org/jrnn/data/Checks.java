package org.jrnn.data;

/** Argument checks shared by the data classes, so that every message has the same shape. */
final class Checks {
    private Checks() {
    }

    /** The row count N of a row-major [N, features] matrix; fails unless the length is a multiple of features. */
    static int rows(float[] values, int features, String what) {
        if (values == null) {
            throw new IllegalArgumentException(what + " must be given, got null");
        }
        if (features < 1) {
            throw new IllegalArgumentException(what + ": features must be >= 1, got " + features);
        }
        if (values.length % features != 0) {
            throw new IllegalArgumentException(what + ": length " + values.length + " is not a multiple of "
                    + features + " features (expected a row-major [N, " + features + "] array)");
        }
        return values.length / features;
    }

    /** Fails on the first NaN or infinity, naming its row and column. */
    static void finite(float[] values, int features, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": value " + values[i] + " at row " + i / features
                        + ", column " + i % features + " is not finite");
            }
        }
    }

    static void feature(int feature, int features, String what) {
        if (feature < 0 || feature >= features) {
            throw new IllegalArgumentException(what + ": feature " + feature + " is outside [0, " + features + ")");
        }
    }

    static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
