package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {
    private static final System.Logger LOG = System.getLogger(LengthBucketsTest.class.getName());

    /** Review-like lengths: log-normal around 60 tokens, from 0 (empty) to a few hundred. */
    private static int[] reviewLengths(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = (int) Math.min(400, Math.exp(4.1 + 0.8 * random.nextGaussian())) - 1;
            lengths[i] = Math.max(0, lengths[i]);
        }
        return lengths;
    }

    private static void assertEveryExampleOnce(List<int[]> batches, int n, int batchSize) {
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
        long partial = batches.stream().filter(b -> b.length != batchSize).count();
        assertTrue(partial <= 1, partial + " partial batches");
        assertTrue(batches.stream().allMatch(b -> b.length >= 1 && b.length <= batchSize));
    }

    @Test
    void everyExampleOncePerEpochAndTheLastPartialBatchKept() {
        int[] lengths = reviewLengths(1003, 1);
        LengthBuckets buckets = new LengthBuckets(32, 4, 9L);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<int[]> batches = buckets.epoch(lengths, epoch);
            assertEquals(32, batches.size()); // ceil(1003 / 32)
            assertEveryExampleOnce(batches, 1003, 32);
        }
        assertEveryExampleOnce(new ShuffledBatches(32, 9L).epoch(1003, 0), 1003, 32);
    }

    @Test
    void sameSeedSameBatchesAndEpochsDiffer() {
        int[] lengths = reviewLengths(500, 2);
        LengthBuckets buckets = new LengthBuckets(16, 5, 123L);
        List<int[]> a = buckets.epoch(lengths, 1);
        List<int[]> b = new LengthBuckets(16, 5, 123L).epoch(lengths, 1);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
        List<int[]> next = buckets.epoch(lengths, 2);
        assertFalse(IntStream.range(0, a.size()).allMatch(i -> Arrays.equals(a.get(i), next.get(i))));
        List<int[]> otherSeed = new LengthBuckets(16, 5, 124L).epoch(lengths, 1);
        assertFalse(IntStream.range(0, a.size()).allMatch(i -> Arrays.equals(a.get(i), otherSeed.get(i))));
    }

    @Test
    void smallEpochIsPinnedAndEachPoolIsSortedByLength() {
        int[] lengths = {5, 1, 4, 2, 3, 0, 6};
        List<int[]> batches = new LengthBuckets(2, 2, 1L).epoch(lengths, 0);
        // pools of 4 from the seeded permutation: {4, 6, 5, 3} sorts to lengths 0, 2 | 3, 6 and {1, 2, 0} to
        // lengths 1, 4 | 5 (the one partial batch); then the batch order is shuffled
        assertEquals(List.of("[4, 6]", "[0]", "[5, 3]", "[1, 2]"), batches.stream().map(Arrays::toString).toList());
    }

    @Test
    void bucketingPadsFarLessThanRandomBatching() {
        int[] lengths = reviewLengths(5000, 3);
        double random = LengthBuckets.paddingFraction(new ShuffledBatches(32, 5L).epoch(lengths.length, 0), lengths);
        double pooled = LengthBuckets.paddingFraction(new LengthBuckets(32, 5L).epoch(lengths, 0), lengths);
        double sorted = LengthBuckets.paddingFraction(new LengthBuckets(32, 1000, 5L).epoch(lengths, 0), lengths);
        String report = String.format("padding fraction over 5000 review-like lengths, batch 32: random %.3f,"
                + " buckets of %d batches %.3f, fully sorted %.3f", random, LengthBuckets.DEFAULT_POOL_BATCHES,
                pooled, sorted);
        LOG.log(System.Logger.Level.INFO, report);
        assertTrue(random > 0.5, report);
        assertTrue(pooled < 0.1, report);
        assertTrue(sorted <= pooled, report);
    }

    @Test
    void poolOfOneBatchIsRandomBatching() {
        int[] lengths = reviewLengths(100, 4);
        List<int[]> batches = new LengthBuckets(10, 1, 7L).epoch(lengths, 0);
        for (int[] batch : batches) { // each batch sorted by length inside, nothing more
            for (int i = 1; i < batch.length; i++) {
                assertTrue(lengths[batch[i - 1]] <= lengths[batch[i]]);
            }
        }
        assertEveryExampleOnce(batches, 100, 10);
    }

    @Test
    void paddingFractionByHand() {
        int[] lengths = {1, 3, 2, 0};
        // batch {0,1}: longest 3, cells 6, tokens 4 -> 2 padded; batch {2,3}: cells 4, tokens 2 -> 2 padded
        assertEquals(4.0 / 10.0, LengthBuckets.paddingFraction(List.of(new int[] {0, 1}, new int[] {2, 3}), lengths));
        assertEquals(0.0, LengthBuckets.paddingFraction(List.of(new int[] {3}), lengths));
        assertEquals(0.0, LengthBuckets.paddingFraction(List.of(), lengths));
    }

    @Test
    void edgeCasesAndBadInputs() {
        assertEquals(List.of(), new LengthBuckets(4, 1L).epoch(new int[0], 0));
        List<int[]> one = new LengthBuckets(4, 1L).epoch(new int[] {5}, 0);
        assertEquals(1, one.size());
        assertArrayEquals(new int[] {0}, one.get(0));
        assertMessage(() -> new LengthBuckets(0, 1L), "batch size", "got 0");
        assertMessage(() -> new LengthBuckets(4, 0, 1L), "pool batches", "got 0");
        assertMessage(() -> new LengthBuckets(4, 1L).epoch(new int[] {3, -2}, 0), "length 1", "-2");
        assertMessage(() -> new LengthBuckets(4, 1L).epoch(new int[] {3}, -1), "epoch", "-1");
        assertMessage(() -> LengthBuckets.paddingFraction(List.of(new int[] {4}), new int[] {1}), "batch 0",
                "example 4");
        assertMessage(() -> new ShuffledBatches(2, 1L).epoch(-3, 0), "example count", "-3");
    }
}
