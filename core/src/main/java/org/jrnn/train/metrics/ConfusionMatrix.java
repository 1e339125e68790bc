package org.jrnn.train.metrics;

import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs over {@code numClasses} classes labelled {@code 0 .. numClasses-1}.
 *
 * <p>{@code counts[t][p]} is the number of samples whose true class is {@code t} and whose predicted class is
 * {@code p}: rows are true classes, columns are predicted classes (sklearn's {@code confusion_matrix} layout). The
 * record is immutable: the constructor and {@link #counts()} copy the array.
 *
 * <p>Per-class precision, recall and F1 follow sklearn's {@code zero_division=0} convention: a ratio whose
 * denominator is zero (no predicted positives for precision, no actual positives for recall, neither for F1) is 0.
 */
public record ConfusionMatrix(long[][] counts) {

    public ConfusionMatrix {
        Checks.notNull(counts, "counts");
        if (counts.length == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class; counts has 0 rows");
        }
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] == null || counts[t].length != counts.length) {
                throw new IllegalArgumentException("counts must be square [C][C] with C = " + counts.length
                        + "; row " + t + " has " + (counts[t] == null ? "no array" : counts[t].length + " columns"));
            }
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("counts[" + t + "][" + p + "] is " + counts[t][p]
                            + "; counts cannot be negative");
                }
            }
            copy[t] = counts[t].clone();
        }
        counts = copy;
    }

    /**
     * Tallies predicted against actual classes. Every label must lie in {@code [0, numClasses)}.
     *
     * @param predicted the predicted class of each sample
     * @param actual the true class of each sample, same length as {@code predicted}
     */
    public static ConfusionMatrix of(int[] predicted, int[] actual, int numClasses) {
        Checks.notNull(predicted, "predicted");
        Checks.notNull(actual, "actual");
        Checks.sameNonZeroLength("confusion matrix", predicted.length, "predicted", actual.length, "actual");
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses is " + numClasses + "; expected at least 1");
        }
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < predicted.length; i++) {
            checkLabel("actual", i, actual[i], numClasses);
            checkLabel("predicted", i, predicted[i], numClasses);
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    /** Like {@link #of(int[], int[], int)} with {@code numClasses} = 1 + the largest label in either array. */
    public static ConfusionMatrix of(int[] predicted, int[] actual) {
        Checks.notNull(predicted, "predicted");
        Checks.notNull(actual, "actual");
        int max = 0;
        for (int label : predicted) {
            max = Math.max(max, label);
        }
        for (int label : actual) {
            max = Math.max(max, label);
        }
        return of(predicted, actual, max + 1);
    }

    private static void checkLabel(String name, int index, int label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(name + "[" + index + "] is " + label + "; expected a class in [0, "
                    + numClasses + ")");
        }
    }

    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    public int numClasses() {
        return counts.length;
    }

    /** Samples of true class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        checkClass(actual);
        checkClass(predicted);
        return counts[actual][predicted];
    }

    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long c : row) {
                sum += c;
            }
        }
        return sum;
    }

    public long truePositives(int c) {
        checkClass(c);
        return counts[c][c];
    }

    /** Samples predicted as {@code c} whose true class is another: column sum minus the diagonal. */
    public long falsePositives(int c) {
        return predictedCount(c) - truePositives(c);
    }

    /** Samples of true class {@code c} predicted as another: row sum minus the diagonal. */
    public long falseNegatives(int c) {
        return support(c) - truePositives(c);
    }

    /** Samples whose true class is {@code c} (the row sum). */
    public long support(int c) {
        checkClass(c);
        long sum = 0;
        for (long v : counts[c]) {
            sum += v;
        }
        return sum;
    }

    /** Samples predicted as {@code c} (the column sum). */
    public long predictedCount(int c) {
        checkClass(c);
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /** Fraction of samples on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return ratio(correct, total());
    }

    /** TP / (TP + FP) for class {@code c}; 0 when nothing was predicted as {@code c}. */
    public double precision(int c) {
        return ratio(truePositives(c), predictedCount(c));
    }

    /** TP / (TP + FN) for class {@code c}; 0 when no sample is of class {@code c}. */
    public double recall(int c) {
        return ratio(truePositives(c), support(c));
    }

    /** 2TP / (2TP + FP + FN) for class {@code c} (the harmonic mean of precision and recall); 0 when undefined. */
    public double f1(int c) {
        long tp = truePositives(c);
        return ratio(2 * tp, 2 * tp + falsePositives(c) + falseNegatives(c));
    }

    /**
     * Whether class {@code c} occurs as a true or a predicted class. Macro averages run over these classes only,
     * like sklearn's {@code average='macro'} without {@code labels}: an unused slot in the matrix is not a class
     * the model got wrong.
     */
    public boolean occurs(int c) {
        return support(c) > 0 || predictedCount(c) > 0;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private void checkClass(int c) {
        if (c < 0 || c >= counts.length) {
            throw new IndexOutOfBoundsException("class " + c + " is outside [0, " + counts.length + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    /** A table with one row per true class and one column per predicted class, for logs and reports. */
    @Override
    public String toString() {
        int width = "true\\pred".length();
        for (long[] row : counts) {
            for (long v : row) {
                width = Math.max(width, Long.toString(v).length());
            }
        }
        width = Math.max(width, Integer.toString(counts.length - 1).length());
        StringBuilder sb = new StringBuilder();
        sb.append(pad("true\\pred", width));
        for (int p = 0; p < counts.length; p++) {
            sb.append(' ').append(pad(Integer.toString(p), width));
        }
        for (int t = 0; t < counts.length; t++) {
            sb.append('\n').append(pad(Integer.toString(t), width));
            for (int p = 0; p < counts.length; p++) {
                sb.append(' ').append(pad(Long.toString(counts[t][p]), width));
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
