package org.jrnn.data;

/**
 * Consecutive train, validation and test ranges covering [0, N) in time order: train first, test last.
 *
 * @param train      [0, a)
 * @param validation [a, b), possibly empty
 * @param test       [b, N), possibly empty
 */
public record ChronologicalSplit(IndexRange train, IndexRange validation, IndexRange test) {

    public ChronologicalSplit {
        if (train == null || validation == null || test == null) {
            throw new IllegalArgumentException("train, validation and test ranges must all be given");
        }
        if (train.start() != 0 || validation.start() != train.end() || test.start() != validation.end()) {
            throw new IllegalArgumentException("ranges must be consecutive from 0, got train " + train
                    + ", validation " + validation + ", test " + test);
        }
    }

    /** N, the number of items split. */
    public int total() {
        return test.end();
    }
}
