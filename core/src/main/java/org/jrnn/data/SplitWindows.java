package org.jrnn.data;

/**
 * Windows of each part of a chronologically split series, made by splitting the rows first and windowing each
 * part on its own.
 *
 * <p>Why split first: a window taken across a boundary would feed validation rows to a training example, or make a
 * training input's target a validation value, so the model would be scored on data it was fitted to (leakage).
 * Windowing each part separately guarantees every input row and every target row of an example lie in the same
 * part. The price is that the {@code window + horizon - 1} rows after each boundary start no window of the earlier
 * part. The scaler must likewise be fitted on the training rows only; pass it here to apply it to every part:
 * <pre>{@code
 * ChronologicalSplit split = Splits.chronological(rows, 0.7, 0.15);
 * Scaler scaler = MinMaxScaler.fit(split.train().rows(series, F), F);
 * SplitWindows data = SplitWindows.of(series, F, split, SlidingWindows.oneStepAhead(30, close), scaler);
 * }</pre>
 *
 * @param train      windows wholly inside the training rows
 * @param validation windows wholly inside the validation rows (none if that part is empty)
 * @param test       windows wholly inside the test rows (none if that part is empty)
 */
public record SplitWindows(Windows train, Windows validation, Windows test) {

    public SplitWindows {
        if (train == null || validation == null || test == null) {
            throw new IllegalArgumentException("train, validation and test windows must all be given");
        }
    }

    /** Splits a row-major series [N, features] by {@code split} and windows each part, unscaled. */
    public static SplitWindows of(float[] series, int features, ChronologicalSplit split, SlidingWindows windows) {
        return of(series, features, split, windows, null);
    }

    /**
     * Splits, scales each part with {@code scaler} (fitted by the caller on the training rows; null for none) and
     * windows each part. An empty part gives no windows; a non-empty part shorter than window + horizon rows is an
     * error naming the part.
     */
    public static SplitWindows of(float[] series, int features, ChronologicalSplit split, SlidingWindows windows,
                                  Scaler scaler) {
        int rows = Checks.rows(series, features, "series");
        if (split == null || windows == null) {
            throw new IllegalArgumentException("split and windows must be given");
        }
        if (split.total() != rows) {
            throw new IllegalArgumentException("split covers " + split.total() + " items, but the series has "
                    + rows + " rows");
        }
        if (scaler != null && scaler.features() != features) {
            throw new IllegalArgumentException("scaler was fitted on " + scaler.features()
                    + " features, but the series has " + features);
        }
        return new SplitWindows(part(series, features, split.train(), windows, scaler, "train"),
                part(series, features, split.validation(), windows, scaler, "validation"),
                part(series, features, split.test(), windows, scaler, "test"));
    }

    private static Windows part(float[] series, int features, IndexRange range, SlidingWindows windows,
                                Scaler scaler, String name) {
        if (range.isEmpty()) {
            return Windows.empty(windows.window(), features, windows.outputs());
        }
        if (range.size() < windows.minimumRows()) {
            throw new IllegalArgumentException(name + " part " + range + " has " + range.size()
                    + " rows, but window " + windows.window() + " + horizon " + windows.horizon()
                    + " needs at least " + windows.minimumRows());
        }
        float[] rows = range.rows(series, features);
        return windows.apply(scaler == null ? rows : scaler.transform(rows), features);
    }
}
