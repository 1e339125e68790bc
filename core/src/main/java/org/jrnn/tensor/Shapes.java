package org.jrnn.tensor;

import java.util.Arrays;

/** Small helpers for shapes given as int arrays. */
public final class Shapes {
    private Shapes() {}

    public static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static String toString(int... shape) {
        return Arrays.toString(shape);
    }
}
