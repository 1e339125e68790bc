package org.jrnn.data;

import java.util.Map;

/**
 * A per-feature affine map fitted on training rows only, applied to every split, and undone on predictions.
 *
 * <p>Matrices are row-major [N, F] with F = {@link #features()}; a column is the [N] values of one feature (for
 * instance predicted close prices). Every method returns a new array and leaves its argument alone. Arithmetic is
 * in double and rounded to float once per value. Non-finite values are rejected, naming their row and column.
 */
public sealed interface Scaler permits MinMaxScaler, StandardScaler {

    /** F, the number of columns this scaler was fitted on. */
    int features();

    /** The scaled value of {@code value} in column {@code feature}. */
    float transform(float value, int feature);

    /** The original-units value of the scaled {@code value} in column {@code feature}. */
    float inverseTransform(float value, int feature);

    /** This scaler's state as JSON, with a "type" field that {@link #fromJson(String)} dispatches on. */
    String toJson();

    /** Scales a row-major [N, F] matrix. */
    default float[] transform(float[] values) {
        return map(values, features(), false, "values to transform");
    }

    /** Undoes {@link #transform(float[])} on a row-major [N, F] matrix. */
    default float[] inverseTransform(float[] values) {
        return map(values, features(), true, "values to inverse-transform");
    }

    /** Scales the [N] values of one column, {@code feature} in [0, F). */
    default float[] transformColumn(float[] column, int feature) {
        Checks.feature(feature, features(), "column to transform");
        return mapColumn(column, feature, false, "column to transform");
    }

    /** Undoes the scaling of one column, e.g. to turn predicted scaled close prices back into prices. */
    default float[] inverseTransformColumn(float[] column, int feature) {
        Checks.feature(feature, features(), "column to inverse-transform");
        return mapColumn(column, feature, true, "column to inverse-transform");
    }

    /** Reads the JSON of any scaler, choosing the class from its "type" field ("min-max" or "standard"). */
    static Scaler fromJson(String json) {
        Map<String, Object> map = JsonState.object(json, "scaler");
        String type = JsonState.string(map, "type", "scaler");
        return switch (type) {
            case MinMaxScaler.TYPE -> MinMaxScaler.fromJson(json);
            case StandardScaler.TYPE -> StandardScaler.fromJson(json);
            default -> throw new IllegalArgumentException("scaler JSON: type is '" + type + "', expected '"
                    + MinMaxScaler.TYPE + "' or '" + StandardScaler.TYPE + "'");
        };
    }

    private float[] map(float[] values, int features, boolean inverse, String what) {
        Checks.rows(values, features, what);
        Checks.finite(values, features, what);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int f = i % features;
            out[i] = inverse ? inverseTransform(values[i], f) : transform(values[i], f);
        }
        return out;
    }

    private float[] mapColumn(float[] column, int feature, boolean inverse, String what) {
        Checks.rows(column, 1, what);
        for (int i = 0; i < column.length; i++) {
            if (!Float.isFinite(column[i])) {
                throw new IllegalArgumentException(what + ": value " + column[i] + " at row " + i
                        + " (feature " + feature + ") is not finite");
            }
        }
        float[] out = new float[column.length];
        for (int i = 0; i < column.length; i++) {
            out[i] = inverse ? inverseTransform(column[i], feature) : transform(column[i], feature);
        }
        return out;
    }
}
