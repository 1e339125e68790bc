package org.jrnn.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * Standardises each column: {@code y = (x - mean) / std}, with the mean and the population standard deviation
 * (divisor N, as sklearn's StandardScaler) of the training rows, computed in double with two passes.
 *
 * <p>A column with std 0 (constant) would divide by zero; as in sklearn its scale is taken as 1, so training
 * values map to 0 and the inverse restores them exactly.
 */
public final class StandardScaler implements Scaler {
    static final String TYPE = "standard";
    private static final String WHAT = "standard scaler";

    private final double[] mean; // [F]
    private final double[] std;  // [F], population std; 0 for a constant column

    private StandardScaler(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits on a row-major [N, features] matrix of training rows, N >= 1. */
    public static StandardScaler fit(float[] values, int features) {
        int rows = Checks.rows(values, features, "values to fit");
        if (rows == 0) {
            throw new IllegalArgumentException("values to fit: need at least one row of " + features
                    + " features, got an empty array");
        }
        Checks.finite(values, features, "values to fit");
        double[] mean = new double[features];
        for (int i = 0; i < values.length; i++) {
            mean[i % features] += values[i];
        }
        for (int f = 0; f < features; f++) {
            mean[f] /= rows;
        }
        double[] variance = new double[features];
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - mean[i % features];
            variance[i % features] += d * d;
        }
        double[] std = new double[features];
        for (int f = 0; f < features; f++) {
            std[f] = Math.sqrt(variance[f] / rows);
        }
        return new StandardScaler(mean, std);
    }

    /** A scaler from known per-column means and standard deviations (finite, std >= 0). */
    public static StandardScaler of(double[] mean, double[] std) {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std must be given with the same length >= 1, got "
                    + (mean == null ? "null" : mean.length) + " and " + (std == null ? "null" : std.length));
        }
        for (int f = 0; f < mean.length; f++) {
            if (!Double.isFinite(mean[f]) || !Double.isFinite(std[f]) || std[f] < 0) {
                throw new IllegalArgumentException("feature " + f + ": mean " + mean[f] + " and std " + std[f]
                        + " must be finite with std >= 0");
            }
        }
        return new StandardScaler(mean.clone(), std.clone());
    }

    @Override
    public int features() {
        return mean.length;
    }

    /** The per-column training means, [F] (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The per-column population standard deviations, [F] (a copy); 0 marks a constant column. */
    public double[] std() {
        return std.clone();
    }

    @Override
    public float transform(float value, int feature) {
        Checks.feature(feature, features(), "value to transform");
        return (float) ((value - mean[feature]) / scale(feature));
    }

    @Override
    public float inverseTransform(float value, int feature) {
        Checks.feature(feature, features(), "value to inverse-transform");
        return (float) (mean[feature] + value * scale(feature));
    }

    private double scale(int feature) {
        return std[feature] == 0.0 ? 1.0 : std[feature];
    }

    @Override
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", TYPE);
        map.put("mean", JsonState.encode(mean));
        map.put("std", JsonState.encode(std));
        return Json.write(map);
    }

    /** Reads what {@link #toJson()} wrote; the result transforms bit-identically to the original. */
    public static StandardScaler fromJson(String json) {
        Map<String, Object> map = JsonState.object(json, TYPE, WHAT);
        return of(JsonState.doubles(map, "mean", WHAT), JsonState.doubles(map, "std", WHAT));
    }

    @Override
    public String toString() {
        return "StandardScaler" + toJson();
    }
}
