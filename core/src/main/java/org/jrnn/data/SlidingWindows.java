package org.jrnn.data;

import java.util.Arrays;

/**
 * Cuts a series [N, F] into overlapping input windows and the values to predict after each.
 *
 * <p>Window i covers rows {@code [i*stride, i*stride + window)}; its target is row
 * {@code targetRow(i) = i*stride + window - 1 + horizon}, i.e. {@code horizon} steps after the window's last row,
 * restricted to {@code targetColumns}. A window exists while its target row is inside the series, so
 * <pre>  M = floor((N - window - horizon) / stride) + 1   for N >= window + horizon</pre>
 * and a shorter series is an error. Rows left over at the end (fewer than {@code stride}) are not used.
 *
 * @param window        w >= 1, rows per input window
 * @param horizon       h >= 1, how many steps after the window's last row the target lies
 * @param stride        s >= 1, rows between the starts of consecutive windows
 * @param targetColumns the O >= 1 distinct columns (each in [0, F)) whose values at the target row are predicted
 */
public record SlidingWindows(int window, int horizon, int stride, int[] targetColumns) {

    public SlidingWindows {
        Checks.positive(window, "window");
        Checks.positive(horizon, "horizon");
        Checks.positive(stride, "stride");
        if (targetColumns == null || targetColumns.length == 0) {
            throw new IllegalArgumentException("targetColumns must name at least one column, got "
                    + (targetColumns == null ? "null" : "none"));
        }
        targetColumns = targetColumns.clone();
        for (int i = 0; i < targetColumns.length; i++) {
            if (targetColumns[i] < 0) {
                throw new IllegalArgumentException("targetColumns[" + i + "] is " + targetColumns[i]
                        + ", expected a column index >= 0");
            }
            for (int j = 0; j < i; j++) {
                if (targetColumns[j] == targetColumns[i]) {
                    throw new IllegalArgumentException("targetColumns[" + i + "] repeats column "
                            + targetColumns[i] + " of targetColumns[" + j + "]");
                }
            }
        }
    }

    /** Windows of {@code window} rows predicting column {@code targetColumn} one step ahead, stride 1. */
    public static SlidingWindows oneStepAhead(int window, int targetColumn) {
        return new SlidingWindows(window, 1, 1, new int[] {targetColumn});
    }

    @Override
    public int[] targetColumns() {
        return targetColumns.clone();
    }

    /** O, the number of target columns. */
    public int outputs() {
        return targetColumns.length;
    }

    /** The fewest rows that give one window: window + horizon. */
    public int minimumRows() {
        return window + horizon;
    }

    /** M, the number of windows over a series of {@code rows} rows (see the class comment). */
    public int count(int rows) {
        if (rows < minimumRows()) {
            throw new IllegalArgumentException("series has " + rows + " rows, but window " + window + " + horizon "
                    + horizon + " needs at least " + minimumRows());
        }
        return (rows - window - horizon) / stride + 1;
    }

    /** The series row of window i's first input. */
    public int windowStart(int i) {
        return i * stride;
    }

    /** The series row whose target columns window i predicts. */
    public int targetRow(int i) {
        return i * stride + window - 1 + horizon;
    }

    /** Windows over a row-major series [N, features]; the values are copied, the series is left alone. */
    public Windows apply(float[] series, int features) {
        int rows = Checks.rows(series, features, "series");
        for (int i = 0; i < targetColumns.length; i++) {
            if (targetColumns[i] >= features) {
                throw new IllegalArgumentException("targetColumns[" + i + "] is column " + targetColumns[i]
                        + ", outside the series' [0, " + features + ") columns");
            }
        }
        int m = count(rows);
        int rowFloats = window * features;
        long inputFloats = (long) m * rowFloats;
        if (inputFloats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(m + " windows of [" + window + ", " + features + "] need "
                    + inputFloats + " floats, more than one array holds; use a larger stride or fewer rows");
        }
        float[] inputs = new float[(int) inputFloats];   // [M, w, F]
        float[] targets = new float[m * outputs()];      // [M, O]
        for (int i = 0; i < m; i++) {
            System.arraycopy(series, windowStart(i) * features, inputs, i * rowFloats, rowFloats);
            int target = targetRow(i) * features;
            for (int o = 0; o < targetColumns.length; o++) {
                targets[i * targetColumns.length + o] = series[target + targetColumns[o]];
            }
        }
        return new Windows(inputs, targets, m, window, features, outputs());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlidingWindows w && w.window == window && w.horizon == horizon && w.stride == stride
                && Arrays.equals(w.targetColumns, targetColumns);
    }

    @Override
    public int hashCode() {
        return ((window * 31 + horizon) * 31 + stride) * 31 + Arrays.hashCode(targetColumns);
    }

    @Override
    public String toString() {
        return "SlidingWindows[window=" + window + ", horizon=" + horizon + ", stride=" + stride
                + ", targetColumns=" + Arrays.toString(targetColumns) + "]";
    }
}
