package org.jrnn.train.metrics;

/** The argument checks every metric shares, so each error reads the same way. */
final class Checks {
    private Checks() {}

    static void sameNonZeroLength(String what, int predictedLength, String predictedName, int actualLength,
            String actualName) {
        if (predictedLength != actualLength) {
            throw new IllegalArgumentException(what + ": " + predictedName + " has length " + predictedLength + " but "
                    + actualName + " has length " + actualLength + "; they must have the same length");
        }
        if (predictedLength == 0) {
            throw new IllegalArgumentException(what + ": " + predictedName + " and " + actualName
                    + " are empty; a metric needs at least one sample");
        }
    }

    static void notNull(Object array, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null; expected an array");
        }
    }
}
