package org.jrnn.data;

/**
 * The half-open range of item indices [start, end).
 *
 * @param start first index, >= 0
 * @param end   one past the last index, >= start
 */
public record IndexRange(int start, int end) {

    public IndexRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("index range [" + start + ", " + end + ") needs 0 <= start <= end");
        }
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    public boolean contains(int index) {
        return index >= start && index < end;
    }

    /** A copy of rows [start, end) of a row-major [N, features] matrix, shape [size, features]. */
    public float[] rows(float[] values, int features) {
        int rows = Checks.rows(values, features, "values to slice");
        if (end > rows) {
            throw new IllegalArgumentException("index range [" + start + ", " + end + ") goes past the " + rows
                    + " rows of the values to slice");
        }
        float[] out = new float[size() * features];
        System.arraycopy(values, start * features, out, 0, out.length);
        return out;
    }
}
