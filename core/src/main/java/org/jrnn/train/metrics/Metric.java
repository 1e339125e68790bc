package org.jrnn.train.metrics;

/**
 * The metrics a trainer can monitor by name, each knowing whether higher is better, so that "early-stop on
 * validation F1" means {@code Metric.MACRO_F1} with {@link Goal#MAXIMISE} and "RMSE" means {@link Goal#MINIMISE}.
 *
 * <p>Classification metrics evaluate predicted against true classes with {@link #of(int[], int[])}; regression
 * metrics evaluate predictions against targets with {@link #of(float[], float[])}. Binary precision/recall/F1 need a
 * positive class and are called on {@link Classification} directly.
 */
public enum Metric {
    ACCURACY(Kind.CLASSIFICATION, Goal.MAXIMISE),
    MACRO_PRECISION(Kind.CLASSIFICATION, Goal.MAXIMISE),
    MACRO_RECALL(Kind.CLASSIFICATION, Goal.MAXIMISE),
    MACRO_F1(Kind.CLASSIFICATION, Goal.MAXIMISE),
    MSE(Kind.REGRESSION, Goal.MINIMISE),
    RMSE(Kind.REGRESSION, Goal.MINIMISE),
    MAE(Kind.REGRESSION, Goal.MINIMISE),
    /** As a fraction, over non-zero targets only; see {@link Regression#mape}. */
    MAPE(Kind.REGRESSION, Goal.MINIMISE),
    R2(Kind.REGRESSION, Goal.MAXIMISE);

    /** What a metric compares: class labels or real values. */
    public enum Kind {
        CLASSIFICATION,
        REGRESSION
    }

    private final Kind kind;
    private final Goal goal;

    Metric(Kind kind, Goal goal) {
        this.kind = kind;
        this.goal = goal;
    }

    public Kind kind() {
        return kind;
    }

    public Goal goal() {
        return goal;
    }

    public boolean higherIsBetter() {
        return goal == Goal.MAXIMISE;
    }

    /** Whether {@code candidate} is strictly better than {@code best} for this metric. */
    public boolean isBetter(double candidate, double best) {
        return goal.isBetter(candidate, best);
    }

    /** Evaluates a classification metric; a regression metric throws, naming the overload to use. */
    public double of(int[] predicted, int[] actual) {
        return switch (this) {
            case ACCURACY -> Classification.accuracy(predicted, actual);
            case MACRO_PRECISION -> Classification.macroPrecision(predicted, actual);
            case MACRO_RECALL -> Classification.macroRecall(predicted, actual);
            case MACRO_F1 -> Classification.macroF1(predicted, actual);
            case MSE, RMSE, MAE, MAPE, R2 -> throw new IllegalArgumentException(
                    this + " is a regression metric; evaluate it on float predictions and targets, not class labels");
        };
    }

    /** Evaluates a regression metric; a classification metric throws, naming the overload to use. */
    public double of(float[] predictions, float[] targets) {
        return switch (this) {
            case MSE -> Regression.mse(predictions, targets);
            case RMSE -> Regression.rmse(predictions, targets);
            case MAE -> Regression.mae(predictions, targets);
            case MAPE -> Regression.mape(predictions, targets).value();
            case R2 -> Regression.r2(predictions, targets);
            case ACCURACY, MACRO_PRECISION, MACRO_RECALL, MACRO_F1 -> throw new IllegalArgumentException(
                    this + " is a classification metric; evaluate it on int class labels, not float values");
        };
    }
}
