package org.jrnn.train;

import java.util.function.ToDoubleFunction;
import org.jrnn.train.metrics.Metric;

/**
 * A figure computed on the validation data after each epoch, and whether higher is better: the validation loss, or
 * any metric of the predictions (accuracy, F1, RMSE …).
 */
public record Monitor(String name, boolean higherIsBetter, ToDoubleFunction<Predictions> value) {
    public static final Monitor VALIDATION_LOSS = new Monitor("val_loss", false, Predictions::loss);

    /** A metric of the validation predictions: classes (argmax) against class ids, or values against targets. */
    public static Monitor of(Metric metric) {
        ToDoubleFunction<Predictions> f = metric.kind() == Metric.Kind.CLASSIFICATION
                ? p -> metric.of(p.predictedClasses(), p.dataset().classes())
                : p -> metric.of(p.validPredictions(), p.validTargets());
        return new Monitor("val_" + metric.name().toLowerCase(java.util.Locale.ROOT), metric.higherIsBetter(), f);
    }

    /** Whether {@code candidate} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double candidate, double best, double minDelta) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(candidate);
        }
        return higherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
    }
}
