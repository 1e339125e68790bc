package org.jrnn.train.metrics;

/**
 * Classification metrics over predicted and true class labels, with sklearn's definitions.
 *
 * <p>Arguments are always (predicted, actual), both of the same non-zero length; a mismatch names both lengths.
 *
 * <p>Undefined ratios follow sklearn's {@code zero_division=0}: precision with no predicted positives, recall with no
 * actual positives, and F1 when both are missing are 0, never NaN. So when every sample is negative and every
 * prediction is negative, precision = recall = F1 = 0 for the positive class although accuracy is 1.
 *
 * <p>Macro averages are the unweighted mean of the per-class values over the classes that occur in either array
 * (sklearn's {@code average='macro'} without {@code labels}); labels must be in {@code [0, numClasses)}.
 */
public final class Classification {
    private Classification() {}

    /** Fraction of samples whose predicted class equals the true class. */
    public static double accuracy(int[] predicted, int[] actual) {
        check("accuracy", predicted, actual);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    /** Binary precision TP / (TP + FP) treating {@code positive} as the positive class and any other label as negative. */
    public static double precision(int[] predicted, int[] actual, int positive) {
        return binary("precision", predicted, actual, positive).precision();
    }

    /** Binary recall TP / (TP + FN) treating {@code positive} as the positive class. */
    public static double recall(int[] predicted, int[] actual, int positive) {
        return binary("recall", predicted, actual, positive).recall();
    }

    /** Binary F1 = 2TP / (2TP + FP + FN) treating {@code positive} as the positive class. */
    public static double f1(int[] predicted, int[] actual, int positive) {
        return binary("f1", predicted, actual, positive).f1();
    }

    public static double macroPrecision(int[] predicted, int[] actual) {
        ConfusionMatrix m = matrix("macro precision", predicted, actual);
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < m.numClasses(); c++) {
            if (m.occurs(c)) {
                sum += m.precision(c);
                classes++;
            }
        }
        return sum / classes;
    }

    public static double macroRecall(int[] predicted, int[] actual) {
        ConfusionMatrix m = matrix("macro recall", predicted, actual);
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < m.numClasses(); c++) {
            if (m.occurs(c)) {
                sum += m.recall(c);
                classes++;
            }
        }
        return sum / classes;
    }

    /** Mean of the per-class F1 scores (not the F1 of macro precision and macro recall, as in sklearn). */
    public static double macroF1(int[] predicted, int[] actual) {
        ConfusionMatrix m = matrix("macro F1", predicted, actual);
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < m.numClasses(); c++) {
            if (m.occurs(c)) {
                sum += m.f1(c);
                classes++;
            }
        }
        return sum / classes;
    }

    /** The counts of one positive class against the rest. */
    private record BinaryCounts(long truePositives, long falsePositives, long falseNegatives) {
        double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        double f1() {
            return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? 0.0 : (double) numerator / denominator;
        }
    }

    private static BinaryCounts binary(String what, int[] predicted, int[] actual, int positive) {
        check(what, predicted, actual);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < predicted.length; i++) {
            boolean predictedPositive = predicted[i] == positive;
            boolean actualPositive = actual[i] == positive;
            if (predictedPositive && actualPositive) {
                tp++;
            } else if (predictedPositive) {
                fp++;
            } else if (actualPositive) {
                fn++;
            }
        }
        return new BinaryCounts(tp, fp, fn);
    }

    private static ConfusionMatrix matrix(String what, int[] predicted, int[] actual) {
        check(what, predicted, actual);
        return ConfusionMatrix.of(predicted, actual);
    }

    private static void check(String what, int[] predicted, int[] actual) {
        Checks.notNull(predicted, "predicted");
        Checks.notNull(actual, "actual");
        Checks.sameNonZeroLength(what, predicted.length, "predicted", actual.length, "actual");
    }
}
