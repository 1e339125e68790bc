package org.jrnn.examples.sentiment;

import org.jrnn.train.metrics.ConfusionMatrix;

/**
 * Binary classification figures on a test set, positive class 1: accuracy, precision, recall, F1 (precision and F1
 * are 0 when nothing is predicted positive, as scikit-learn's zero_division=0) and the confusion matrix.
 */
public record Scores(ConfusionMatrix confusion) {
    public static Scores of(int[] predicted, int[] actual) {
        return new Scores(ConfusionMatrix.of(predicted, actual, 2));
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    public double precision() {
        return confusion.precision(1);
    }

    public double recall() {
        return confusion.recall(1);
    }

    public double f1() {
        return confusion.f1(1);
    }

    /** Rows: actual class; columns: predicted class. */
    public long count(int actual, int predicted) {
        return confusion.count(actual, predicted);
    }
}
