package org.jrnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plain random mini-batches over N examples (windows of a series, or texts as a baseline for
 * {@link LengthBuckets}): each epoch is a fresh seeded permutation cut into batches of {@code batchSize}, the last
 * one partial if N is not a multiple.
 *
 * @param batchSize examples per batch, >= 1
 * @param seed      the same seed and epoch always give the same batches
 */
public record ShuffledBatches(int batchSize, long seed) {

    public ShuffledBatches {
        Checks.positive(batchSize, "batch size");
    }

    /** The batches of epoch {@code epoch} (>= 0) over examples [0, n); each index appears exactly once. */
    public List<int[]> epoch(int n, int epoch) {
        if (n < 0) {
            throw new IllegalArgumentException("example count must be >= 0, got " + n);
        }
        return cut(Splits.permutation(n, random(seed, epoch)), batchSize);
    }

    /**
     * The generator of one epoch: independent streams per epoch without replaying earlier epochs. The golden-ratio
     * increment spreads consecutive epochs apart before SplittableRandom mixes the seed.
     */
    static SplittableRandom random(long seed, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
    }

    /** Consecutive slices of {@code order} of {@code size} each, the last possibly shorter. */
    static List<int[]> cut(int[] order, int size) {
        List<int[]> batches = new ArrayList<>((order.length + size - 1) / size);
        for (int start = 0; start < order.length; start += size) {
            int[] batch = new int[Math.min(size, order.length - start)];
            System.arraycopy(order, start, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
