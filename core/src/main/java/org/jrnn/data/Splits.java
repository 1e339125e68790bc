package org.jrnn.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Splits N items into train, validation and test: chronologically for series (no shuffling, so no future value
 * reaches training) or by a seeded random permutation for independent items such as labelled texts.
 *
 * <p>From fractions, {@code trainCount = floor(N * trainFraction)} and
 * {@code validationCount = floor(N * validationFraction)}, each fraction read as the decimal it prints as (so 0.29
 * of 100 is 29, not the 28 that binary rounding of 0.29 * 100 would give); the test part gets the rest.
 */
public final class Splits {
    private Splits() {
    }

    /** Train [0, a), validation [a, b), test [b, n) by fractions in [0, 1] with a sum <= 1. */
    public static ChronologicalSplit chronological(int n, double trainFraction, double validationFraction) {
        int[] counts = counts(n, trainFraction, validationFraction);
        return chronologicalCounts(n, counts[0], counts[1]);
    }

    /** Train [0, trainCount), validation the next validationCount items, test the rest. */
    public static ChronologicalSplit chronologicalCounts(int n, int trainCount, int validationCount) {
        checkCounts(n, trainCount, validationCount);
        int b = trainCount + validationCount;
        return new ChronologicalSplit(new IndexRange(0, trainCount), new IndexRange(trainCount, b),
                new IndexRange(b, n));
    }

    /** A seeded random partition by fractions; the same n, fractions and seed always give the same split. */
    public static RandomSplit random(int n, double trainFraction, double validationFraction, long seed) {
        int[] counts = counts(n, trainFraction, validationFraction);
        return randomCounts(n, counts[0], counts[1], seed);
    }

    /**
     * A seeded random partition: the first trainCount items of a Fisher–Yates permutation of [0, n) drawn from
     * {@code new SplittableRandom(seed)} are the training set, the next validationCount the validation set.
     */
    public static RandomSplit randomCounts(int n, int trainCount, int validationCount, long seed) {
        checkCounts(n, trainCount, validationCount);
        int[] order = permutation(n, new SplittableRandom(seed));
        int b = trainCount + validationCount;
        int[] train = Arrays.copyOfRange(order, 0, trainCount);
        int[] validation = Arrays.copyOfRange(order, trainCount, b);
        int[] test = Arrays.copyOfRange(order, b, n);
        Arrays.sort(train);
        Arrays.sort(validation);
        Arrays.sort(test);
        return new RandomSplit(train, validation, test);
    }

    /** A uniformly random permutation of [0, n) (Fisher–Yates, from the last position down). */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] counts(int n, double trainFraction, double validationFraction) {
        checkFraction(trainFraction, "train fraction");
        checkFraction(validationFraction, "validation fraction");
        BigDecimal train = BigDecimal.valueOf(trainFraction);
        BigDecimal validation = BigDecimal.valueOf(validationFraction);
        if (train.add(validation).compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("train fraction " + trainFraction + " + validation fraction "
                    + validationFraction + " exceeds 1");
        }
        if (n < 0) {
            throw new IllegalArgumentException("item count must be >= 0, got " + n);
        }
        BigDecimal items = BigDecimal.valueOf(n);
        return new int[] {
            items.multiply(train).setScale(0, RoundingMode.FLOOR).intValueExact(),
            items.multiply(validation).setScale(0, RoundingMode.FLOOR).intValueExact(),
        };
    }

    private static void checkFraction(double fraction, String name) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + fraction);
        }
    }

    private static void checkCounts(int n, int trainCount, int validationCount) {
        if (n < 0) {
            throw new IllegalArgumentException("item count must be >= 0, got " + n);
        }
        if (trainCount < 0 || validationCount < 0 || (long) trainCount + validationCount > n) {
            throw new IllegalArgumentException("train count " + trainCount + " and validation count "
                    + validationCount + " must be >= 0 with a sum <= the " + n + " items");
        }
    }
}
