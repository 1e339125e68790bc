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

    /** The date of row i, or "day i+1" without dates. */
    public String label(int row) {
        return dates != null ? dates[row].toString() : "day " + (row + 1);
    }
}
