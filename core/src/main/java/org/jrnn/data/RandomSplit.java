package org.jrnn.data;

import java.util.Arrays;

/**
 * A partition of the item indices [0, N) into train, validation and test sets, each sorted ascending (order for
 * training is the batcher's job; sorted sets read a file's subset in order and compare easily).
 *
 * @param train      indices of the training items
 * @param validation indices of the validation items, possibly empty
 * @param test       indices of the test items, possibly empty
 */
public record RandomSplit(int[] train, int[] validation, int[] test) {

    public RandomSplit {
        if (train == null || validation == null || test == null) {
            throw new IllegalArgumentException("train, validation and test indices must all be given");
        }
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    /** N, the number of items split. */
    public int total() {
        return train.length + validation.length + test.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomSplit r && Arrays.equals(r.train, train) && Arrays.equals(r.validation, validation)
                && Arrays.equals(r.test, test);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(train) * 31 + Arrays.hashCode(validation)) * 31 + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "RandomSplit[train=" + train.length + ", validation=" + validation.length + ", test=" + test.length
                + "]";
    }
}
