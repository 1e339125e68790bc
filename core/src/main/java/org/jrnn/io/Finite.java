package org.jrnn.io;

import java.util.Arrays;

/**
 * Finiteness checks for float data where it enters: tensors read from files (inputs, weights, checkpoints,
 * training data) and datasets built through the API. The first NaN or infinity is reported with its index, so that
 * the user can find it; one pass over the values, small next to any computation on them.
 *
 * <p>{@code Rnn.forward} and the operations do not check: their tensors may live on a device, where a check costs
 * a reduction and a synchronisation per call, and a NaN that gets in shows in the outputs (and the trainer stops on a
 * non-finite loss).
 */
public final class Finite {
    private Finite() {}

    /** The index of the first NaN or infinity, or −1 when every value is finite. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The row-major multi-index of flat index {@code flat} in {@code shape}, as {@code [1, 3, 2]}. */
    public static String index(long flat, long... shape) {
        if (shape.length == 0) {
            return "[]";
        }
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            long n = Math.max(shape[d], 1);
            idx[d] = rest % n;
            rest /= n;
        }
        return Arrays.toString(idx);
    }

    /**
     * Returns {@code values} (tensor {@code name} of {@code file}) when every one is finite; otherwise fails naming
     * the file, the tensor and the index of the first NaN or infinity.
     */
    public static float[] require(SafeTensorsFile file, String name, float[] values) throws SafeTensorsException {
        int i = firstNonFinite(values);
        if (i >= 0) {
            long[] shape = file.shape(name);
            throw new SafeTensorsException(file.path(), "tensor '" + name + "' holds " + values[i] + " at "
                    + index(i, shape) + " (shape " + Arrays.toString(shape) + "); every value must be finite");
        }
        return values;
    }

    /**
     * Fails when a value of {@code values} (called {@code what}, row-major of {@code shape}) is NaN or infinite,
     * naming the index of the first: {@code features[6, 4, 1] = NaN is not finite (shape [8, 5, 3])}.
     */
    public static void require(String what, float[] values, int... shape) {
        int i = firstNonFinite(values);
        if (i >= 0) {
            long[] s = Arrays.stream(shape).asLongStream().toArray();
            throw new IllegalArgumentException(what + index(i, s) + " = " + values[i] + " is not finite (shape "
                    + Arrays.toString(shape) + "); every value must be finite");
        }
    }
}
