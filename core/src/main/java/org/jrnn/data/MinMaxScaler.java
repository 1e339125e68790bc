package org.jrnn.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * Maps each column linearly so that its training minimum goes to {@code rangeMin} and its training maximum to
 * {@code rangeMax} (sklearn's MinMaxScaler with feature_range, without clipping: values outside the training range
 * land outside [rangeMin, rangeMax]).
 *
 * <p>{@code y = rangeMin + (x - dataMin) * scale}, {@code scale = (rangeMax - rangeMin) / (dataMax - dataMin)}.
 * A constant column (dataMax == dataMin) would divide by zero; as in sklearn its data range is taken as 1, so every
 * training value maps to {@code rangeMin}, other values move by their distance from the constant times the range
 * width, and the inverse still restores the original values exactly for the training data.
 */
public final class MinMaxScaler implements Scaler {
    static final String TYPE = "min-max";
    private static final String WHAT = "min-max scaler";

    private final float rangeMin;
    private final float rangeMax;
    private final float[] dataMin; // [F]
    private final float[] dataMax; // [F]

    private MinMaxScaler(float[] dataMin, float[] dataMax, float rangeMin, float rangeMax) {
        this.dataMin = dataMin;
        this.dataMax = dataMax;
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
    }

    /** Fits to the range [0, 1] on a row-major [N, features] matrix of training rows, N >= 1. */
    public static MinMaxScaler fit(float[] values, int features) {
        return fit(values, features, 0f, 1f);
    }

    /** Fits to [rangeMin, rangeMax] (finite, rangeMin &lt; rangeMax) on [N, features] training rows, N >= 1. */
    public static MinMaxScaler fit(float[] values, int features, float rangeMin, float rangeMax) {
        checkRange(rangeMin, rangeMax);
        int rows = Checks.rows(values, features, "values to fit");
        if (rows == 0) {
            throw new IllegalArgumentException("values to fit: need at least one row of " + features
                    + " features, got an empty array");
        }
        Checks.finite(values, features, "values to fit");
        float[] min = new float[features];
        float[] max = new float[features];
        System.arraycopy(values, 0, min, 0, features);
        System.arraycopy(values, 0, max, 0, features);
        for (int i = features; i < values.length; i++) {
            int f = i % features;
            min[f] = Math.min(min[f], values[i]);
            max[f] = Math.max(max[f], values[i]);
        }
        return new MinMaxScaler(min, max, rangeMin, rangeMax);
    }

    /** A scaler from known per-column minima and maxima (each min &lt;= max, finite). */
    public static MinMaxScaler of(float[] dataMin, float[] dataMax, float rangeMin, float rangeMax) {
        checkRange(rangeMin, rangeMax);
        if (dataMin == null || dataMax == null || dataMin.length != dataMax.length || dataMin.length == 0) {
            throw new IllegalArgumentException("dataMin and dataMax must be given with the same length >= 1, got "
                    + (dataMin == null ? "null" : dataMin.length) + " and "
                    + (dataMax == null ? "null" : dataMax.length));
        }
        for (int f = 0; f < dataMin.length; f++) {
            if (!Float.isFinite(dataMin[f]) || !Float.isFinite(dataMax[f]) || dataMin[f] > dataMax[f]) {
                throw new IllegalArgumentException("feature " + f + ": dataMin " + dataMin[f] + " and dataMax "
                        + dataMax[f] + " must be finite with dataMin <= dataMax");
            }
        }
        return new MinMaxScaler(dataMin.clone(), dataMax.clone(), rangeMin, rangeMax);
    }

    private static void checkRange(float rangeMin, float rangeMax) {
        if (!Float.isFinite(rangeMin) || !Float.isFinite(rangeMax) || !(rangeMin < rangeMax)) {
            throw new IllegalArgumentException("feature range [" + rangeMin + ", " + rangeMax
                    + "] must be finite with min < max");
        }
    }

    @Override
    public int features() {
        return dataMin.length;
    }

    public float rangeMin() {
        return rangeMin;
    }

    public float rangeMax() {
        return rangeMax;
    }

    /** The per-column training minima, [F] (a copy). */
    public float[] dataMin() {
        return dataMin.clone();
    }

    /** The per-column training maxima, [F] (a copy). */
    public float[] dataMax() {
        return dataMax.clone();
    }

    @Override
    public float transform(float value, int feature) {
        Checks.feature(feature, features(), "value to transform");
        return (float) (rangeMin + ((double) value - dataMin[feature]) * scale(feature));
    }

    @Override
    public float inverseTransform(float value, int feature) {
        Checks.feature(feature, features(), "value to inverse-transform");
        return (float) (dataMin[feature] + ((double) value - rangeMin) / scale(feature));
    }

    private double scale(int feature) {
        double dataRange = (double) dataMax[feature] - dataMin[feature];
        return ((double) rangeMax - rangeMin) / (dataRange == 0.0 ? 1.0 : dataRange);
    }

    @Override
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", TYPE);
        map.put("rangeMin", JsonState.encode(rangeMin));
        map.put("rangeMax", JsonState.encode(rangeMax));
        map.put("dataMin", JsonState.encode(dataMin));
        map.put("dataMax", JsonState.encode(dataMax));
        return Json.write(map);
    }

    /** Reads what {@link #toJson()} wrote; the result transforms bit-identically to the original. */
    public static MinMaxScaler fromJson(String json) {
        Map<String, Object> map = JsonState.object(json, TYPE, WHAT);
        return of(JsonState.floats(map, "dataMin", WHAT), JsonState.floats(map, "dataMax", WHAT),
                JsonState.floatValue(map, "rangeMin", WHAT), JsonState.floatValue(map, "rangeMax", WHAT));
    }

    @Override
    public String toString() {
        return "MinMaxScaler" + toJson();
    }
}
