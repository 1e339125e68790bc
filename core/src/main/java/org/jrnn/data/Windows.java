package org.jrnn.data;

/**
 * Input windows and their targets, as produced by {@link SlidingWindows#apply}.
 *
 * <p>The arrays are handed over, not copied, because they can be large: treat them as read-only.
 *
 * @param inputs   [count, window, features] row-major, batch-first
 * @param targets  [count, outputs] row-major
 * @param count    M, the number of windows (0 only for an empty split part)
 * @param window   w, time steps per window
 * @param features F, values per time step
 * @param outputs  O, target values per window
 */
public record Windows(float[] inputs, float[] targets, int count, int window, int features, int outputs) {

    public Windows {
        if (count < 0 || window < 1 || features < 1 || outputs < 1) {
            throw new IllegalArgumentException("windows need count >= 0 and window, features, outputs >= 1, got "
                    + count + ", " + window + ", " + features + ", " + outputs);
        }
        if (inputs == null || inputs.length != (long) count * window * features) {
            throw new IllegalArgumentException("inputs must hold [" + count + ", " + window + ", " + features
                    + "] floats, got " + (inputs == null ? "null" : inputs.length));
        }
        if (targets == null || targets.length != (long) count * outputs) {
            throw new IllegalArgumentException("targets must hold [" + count + ", " + outputs + "] floats, got "
                    + (targets == null ? "null" : targets.length));
        }
    }

    /** No windows, for a split part with no rows. */
    public static Windows empty(int window, int features, int outputs) {
        return new Windows(new float[0], new float[0], 0, window, features, outputs);
    }

    /** {count, window, features}. */
    public int[] inputShape() {
        return new int[] {count, window, features};
    }

    /** {count, outputs}. */
    public int[] targetShape() {
        return new int[] {count, outputs};
    }
}
