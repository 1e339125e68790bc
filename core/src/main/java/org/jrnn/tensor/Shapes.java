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
            if (d != 0 && n > Integer.MAX_VALUE / d) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than 2^31-1 elements, more than one tensor can hold");
            }
            n *= d;
        }
        return n;
    }

    public static String toString(int... shape) {
        return Arrays.toString(shape);
    }
}
