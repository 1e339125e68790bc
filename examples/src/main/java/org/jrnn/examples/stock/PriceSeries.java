package org.jrnn.examples.stock;

import java.time.LocalDate;
import java.util.List;

/**
 * Daily values of one instrument in time order: N rows of F named columns (row-major [N, F]), one of which is the
 * price to predict, with the rows' dates when the source had them.
 *
 * @param dates   [N] strictly increasing, or null when the source had no dates (then row order is time order)
 * @param values  [N, F] row-major, finite; the target column is positive
 * @param columns the F column names, in the order of {@code values}
 * @param target  index in {@code columns} of the price to predict
 * @param source  where the rows came from: a file name or "built-in"
 * @param notes   what was done to the rows on the way in (sorted, rows skipped), for the user
 */
public record PriceSeries(LocalDate[] dates, float[] values, List<String> columns, int target, String source,
                          List<String> notes) {

    public PriceSeries {
        columns = List.copyOf(columns);
        notes = List.copyOf(notes);
        if (columns.isEmpty() || values.length % columns.size() != 0) {
            throw new IllegalArgumentException(values.length + " values do not fill rows of " + columns.size()
                    + " columns");
        }
        if (target < 0 || target >= columns.size()) {
            throw new IllegalArgumentException("target column " + target + " outside the " + columns.size()
                    + " columns");
        }
        if (dates != null && dates.length != values.length / columns.size()) {
            throw new IllegalArgumentException(dates.length + " dates for " + values.length / columns.size()
                    + " rows");
        }
    }

    /** N. */
    public int rows() {
        return values.length / columns.size();
    }

    /** F. */
    public int features() {
        return columns.size();
    }

    public boolean hasDates() {
        return dates != null;
    }

    /** The target column's [N] values. */
    public float[] prices() {
        float[] p = new float[rows()];
        for (int i = 0; i < p.length; i++) {
            p[i] = values[i * features() + target];
        }
        return p;
    }

    /**
     * The same rows with only the named columns (matched case-insensitively), in that order; they must include the
     * target.
     */
    public PriceSeries select(List<String> names) {
        int F = features();
        int[] idx = new int[names.size()];
        int newTarget = -1;
        for (int i = 0; i < idx.length; i++) {
            idx[i] = -1;
            for (int c = 0; c < F; c++) {
                if (columns.get(c).equalsIgnoreCase(names.get(i).trim())) {
                    idx[i] = c;
                }
            }
            if (idx[i] < 0) {
                throw new IllegalArgumentException(source + " has no column '" + names.get(i) + "' (--features); its"
                        + " columns are " + String.join(", ", columns));
            }
            for (int j = 0; j < i; j++) {
                if (idx[j] == idx[i]) {
                    throw new IllegalArgumentException("--features names column " + names.get(i) + " twice");
                }
            }
            if (idx[i] == target) {
                newTarget = i;
            }
        }
        if (newTarget < 0) {
            throw new IllegalArgumentException("--features " + String.join(",", names)
                    + " must include the predicted column " + columns.get(target));
        }
        int n = rows();
        float[] v = new float[n * idx.length];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < idx.length; i++) {
                v[r * idx.length + i] = values[r * F + idx[i]];
            }
        }
        List<String> names2 = new java.util.ArrayList<>();
        for (int i : idx) {
            names2.add(columns.get(i));
        }
        return new PriceSeries(dates, v, names2, newTarget, source, notes);
    }

    /** The date of row i, or "day i+1" without dates. */
    public String label(int row) {
        return dates != null ? dates[row].toString() : "day " + (row + 1);
    }
}
