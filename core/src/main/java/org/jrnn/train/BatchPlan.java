package org.jrnn.train;

import java.util.List;

/**
 * Which rows of the training data form each mini-batch of an epoch, in order, when the {@link Trainer}'s own
 * batching (a seeded shuffle, or the data's order, cut into {@code batchSize} rows) is not wanted: for example
 * batches of texts of similar length ({@code org.jrnn.data.LengthBuckets}). Must be a function of the epoch alone
 * so that training stays deterministic and a resumed run finds the same batches; every batch must be non-empty and
 * name rows of the training data.
 */
@FunctionalInterface
public interface BatchPlan {
    /** The batches of epoch {@code epoch} (0-based), each an array of row indices of the training data. */
    List<int[]> batches(int epoch);
}
