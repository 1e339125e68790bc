package org.jrnn.train.schedule;

import org.jrnn.train.metrics.Goal;
import org.jrnn.train.metrics.Metric;

/**
 * The settings of {@link ReduceLrOnPlateau}, with PyTorch 1.13's names and defaults.
 *
 * @param mode whether the monitored metric should go down ({@code MIN}, a loss) or up ({@code MAX}, a score)
 * @param factor the rate is multiplied by this on a plateau, in [0, 1)
 * @param patience how many epochs without improvement are tolerated; the rate drops on the next one
 * @param threshold how much better than the best a metric must be to count as an improvement
 * @param thresholdMode {@code REL}: better than {@code best · (1 ∓ threshold)}; {@code ABS}: than {@code best ∓
 *     threshold}
 * @param cooldown epochs after a reduction during which bad epochs are not counted
 * @param minLr the rate never drops below this
 * @param eps a reduction smaller than this (old - new ≤ eps) is skipped
 */
public record PlateauConfig(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
        int cooldown, double minLr, double eps) {

    /** PyTorch's {@code mode}: 'min' or 'max'. */
    public enum Mode {
        MIN,
        MAX;

        /** The mode that monitors {@code metric}: MAX for scores such as F1, MIN for errors such as RMSE. */
        public static Mode of(Metric metric) {
            return metric.goal() == Goal.MAXIMISE ? MAX : MIN;
        }
    }

    /** PyTorch's {@code threshold_mode}: 'rel' (the default) or 'abs'. */
    public enum ThresholdMode {
        REL,
        ABS
    }

    public PlateauConfig {
        if (mode == null || thresholdMode == null) {
            throw new IllegalArgumentException("mode and thresholdMode are required; got mode " + mode
                    + ", thresholdMode " + thresholdMode);
        }
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("factor is " + factor + "; expected a value in [0, 1)");
        }
        ScheduleChecks.atLeast("patience", patience, 0);
        ScheduleChecks.nonNegativeFinite("threshold", threshold);
        ScheduleChecks.atLeast("cooldown", cooldown, 0);
        ScheduleChecks.nonNegativeFinite("minLr", minLr);
        ScheduleChecks.nonNegativeFinite("eps", eps);
    }

    /** PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8. */
    public static PlateauConfig defaults(Mode mode) {
        return new PlateauConfig(mode, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);
    }

    public PlateauConfig withFactor(double factor) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public PlateauConfig withPatience(int patience) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public PlateauConfig withThreshold(double threshold, ThresholdMode thresholdMode) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public PlateauConfig withCooldown(int cooldown) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public PlateauConfig withMinLr(double minLr) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public PlateauConfig withEps(double eps) {
        return new PlateauConfig(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Whether {@code metric} improves on {@code best}, PyTorch's {@code is_better}. */
    boolean isBetter(double metric, double best) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? metric < best * (1 - threshold) : metric < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? metric > best * (threshold + 1) : metric > best + threshold;
        };
    }

    /** The best value before any step: +∞ for MIN, -∞ for MAX (PyTorch's {@code mode_worse}). */
    double worst() {
        return mode == Mode.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
