package org.jrnn.train.metrics;

/**
 * Regression metrics over predictions and targets, with sklearn's definitions, accumulated in double.
 *
 * <p>Arguments are always (predictions, targets), both of the same non-zero length; a mismatch names both lengths.
 * Values are not screened: a NaN or infinite input makes the result NaN or infinite, which a monitor should see.
 */
public final class Regression {
    private Regression() {}

    /** The result of {@link #mape}: the mean over the non-zero targets, and how many zero targets were skipped. */
    public record Mape(double value, int usedTargets, int skippedZeroTargets) {}

    /** Mean squared error: mean of (prediction - target)². */
    public static double mse(float[] predictions, float[] targets) {
        check("MSE", predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            double d = (double) predictions[i] - targets[i];
            sum += d * d;
        }
        return sum / predictions.length;
    }

    /** Root mean squared error: √MSE, in the units of the targets. */
    public static double rmse(float[] predictions, float[] targets) {
        return Math.sqrt(mse(predictions, targets));
    }

    /** Mean absolute error: mean of |prediction - target|. */
    public static double mae(float[] predictions, float[] targets) {
        check("MAE", predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            sum += Math.abs((double) predictions[i] - targets[i]);
        }
        return sum / predictions.length;
    }

    /**
     * Mean absolute percentage error as a fraction (0.25 means 25%, like sklearn): mean of
     * |prediction - target| / |target| over the samples whose target is not zero.
     *
     * <p>A zero target has no relative error, so it is skipped and counted in {@link Mape#skippedZeroTargets()}
     * (sklearn instead divides by machine epsilon, which makes one zero target dominate the mean). If every target
     * is zero there is nothing to average and this throws.
     */
    public static Mape mape(float[] predictions, float[] targets) {
        check("MAPE", predictions, targets);
        double sum = 0;
        int used = 0;
        for (int i = 0; i < predictions.length; i++) {
            if (targets[i] == 0f) {
                continue;
            }
            sum += Math.abs((double) predictions[i] - targets[i]) / Math.abs((double) targets[i]);
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("MAPE: all " + targets.length
                    + " targets are zero; a percentage error needs at least one non-zero target");
        }
        return new Mape(sum / used, used, targets.length - used);
    }

    /**
     * Coefficient of determination, sklearn's {@code r2_score}: 1 - SS_res / SS_tot with SS_res = Σ(target -
     * prediction)² and SS_tot = Σ(target - mean target)². It is 1 for a perfect fit, 0 for predicting the mean and
     * negative for anything worse.
     *
     * <p>Constant targets (SS_tot = 0) make the ratio undefined; like sklearn's default {@code force_finite=True}
     * this returns 1.0 when the predictions are also perfect (SS_res = 0) and 0.0 otherwise.
     */
    public static double r2(float[] predictions, float[] targets) {
        check("R²", predictions, targets);
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            double r = (double) targets[i] - predictions[i];
            double d = targets[i] - mean;
            residual += r * r;
            total += d * d;
        }
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return 1.0 - residual / total;
    }

    private static void check(String what, float[] predictions, float[] targets) {
        Checks.notNull(predictions, "predictions");
        Checks.notNull(targets, "targets");
        Checks.sameNonZeroLength(what, predictions.length, "predictions", targets.length, "targets");
    }
}
