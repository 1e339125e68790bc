package org.jrnn.data;

/**
 * One batch of token ids, padded to a rectangle. The arrays are handed over, not copied: treat them as read-only.
 *
 * @param ids       [batchSize, timeSteps] row-major, batch-first; positions past a text's length hold
 *                  {@link Vocabulary#PAD_ID}
 * @param lengths   [batchSize], each text's valid steps (the RNN's {@code lengths} argument)
 * @param examples  [batchSize], which texts of the data set these rows are
 * @param timeSteps T, the longest length in the batch
 */
public record PaddedBatch(int[] ids, int[] lengths, int[] examples, int timeSteps) {

    public PaddedBatch {
        if (ids == null || lengths == null || examples == null || lengths.length != examples.length
                || timeSteps < 0 || ids.length != (long) lengths.length * timeSteps) {
            throw new IllegalArgumentException("padded batch needs ids [B, T], lengths [B] and examples [B], got "
                    + (ids == null ? "null" : ids.length) + " ids, "
                    + (lengths == null ? "null" : lengths.length) + " lengths, "
                    + (examples == null ? "null" : examples.length) + " examples, T = " + timeSteps);
        }
    }

    /** B, the number of texts in the batch. */
    public int batchSize() {
        return lengths.length;
    }
}
