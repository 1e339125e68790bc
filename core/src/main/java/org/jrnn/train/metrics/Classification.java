package org.jrnn.train.metrics;

import java.util.function.ToDoubleFunction;

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
 * (sklearn's {@code average='macro'} without {@code labels}); their labels must be ≥ 0. Binary metrics accept any
 * labels. {@link ConfusionMatrix} gives the per-class values behind the averages.
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
        return macro("macro precision", predicted, actual, BinaryCounts::precision);
    }

    public static double macroRecall(int[] predicted, int[] actual) {
        return macro("macro recall", predicted, actual, BinaryCounts::recall);
    }

    /** Mean of the per-class F1 scores (not the F1 of macro precision and macro recall, as in sklearn). */
    public static double macroF1(int[] predicted, int[] actual) {
        return macro("macro F1", predicted, actual, BinaryCounts::f1);
    }

    /**
     * The unweighted mean of {@code perClass} over the classes that occur. Counts per class in O(classes) memory
     * rather than a full confusion matrix, so sparse large labels stay cheap.
     */
    private static double macro(String what, int[] predicted, int[] actual, ToDoubleFunction<BinaryCounts> perClass) {
        check(what, predicted, actual);
        int numClasses = 1 + Math.max(maxLabel(what, "predicted", predicted), maxLabel(what, "actual", actual));
        long[] truePositives = new long[numClasses];
        long[] predictedCount = new long[numClasses];
        long[] support = new long[numClasses];
        for (int i = 0; i < predicted.length; i++) {
            predictedCount[predicted[i]]++;
            support[actual[i]]++;
            if (predicted[i] == actual[i]) {
                truePositives[actual[i]]++;
            }
        }
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < numClasses; c++) {
            if (predictedCount[c] > 0 || support[c] > 0) {
                long tp = truePositives[c];
                sum += perClass.applyAsDouble(new BinaryCounts(tp, predictedCount[c] - tp, support[c] - tp));
                classes++;
            }
        }
        return sum / classes;
    }

    private static int maxLabel(String what, String name, int[] labels) {
        int max = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(what + ": " + name + "[" + i + "] is " + labels[i]
                        + "; expected a class label ≥ 0");
            }
            max = Math.max(max, labels[i]);
        }
        return max;
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

    private static void check(String what, int[] predicted, int[] actual) {
        Checks.notNull(predicted, "predicted");
        Checks.notNull(actual, "actual");
        Checks.sameNonZeroLength(what, predicted.length, "predicted", actual.length, "actual");
    }
}
