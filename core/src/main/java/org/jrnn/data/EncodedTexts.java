package org.jrnn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Texts as token ids, one ragged row per text, with their lengths. Immutable (the rows are copied in and out).
 */
public final class EncodedTexts {
    private final int[][] ids; // [N][length_i]

    /** Copies {@code ids}, one array of token ids per text. */
    public EncodedTexts(List<int[]> ids) {
        if (ids == null) {
            throw new IllegalArgumentException("encoded texts must be given, got null");
        }
        this.ids = new int[ids.size()][];
        for (int i = 0; i < this.ids.length; i++) {
            if (ids.get(i) == null) {
                throw new IllegalArgumentException("encoded text " + i + " is null");
            }
            this.ids[i] = ids.get(i).clone();
        }
    }

    /** N, the number of texts. */
    public int size() {
        return ids.length;
    }

    /** The ids of text i (a copy); empty for an empty text. */
    public int[] ids(int i) {
        return ids[index(i)].clone();
    }

    /** The length of text i, 0 for an empty text. */
    public int length(int i) {
        return ids[index(i)].length;
    }

    /** The length of every text, [N]; feed to {@link LengthBuckets}. */
    public int[] lengths() {
        int[] out = new int[ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[i].length;
        }
        return out;
    }

    /**
     * The texts {@code examples} as one batch-first [B, T] block padded with {@link Vocabulary#PAD_ID}, where T is
     * the longest of them (0 if all are empty: the caller decides what an empty text means for its model).
     */
    public PaddedBatch pad(int[] examples) {
        if (examples == null) {
            throw new IllegalArgumentException("batch examples must be given, got null");
        }
        int steps = 0;
        for (int example : examples) {
            steps = Math.max(steps, ids[index(example)].length);
        }
        int[] block = new int[examples.length * steps]; // zeros are PAD_ID
        int[] lengths = new int[examples.length];
        for (int b = 0; b < examples.length; b++) {
            int[] row = ids[examples[b]];
            System.arraycopy(row, 0, block, b * steps, row.length);
            lengths[b] = row.length;
        }
        return new PaddedBatch(block, lengths, examples, steps);
    }

    /** Every text's ids (copies), in order. */
    public List<int[]> all() {
        List<int[]> out = new ArrayList<>(ids.length);
        for (int[] row : ids) {
            out.add(row.clone());
        }
        return out;
    }

    private int index(int i) {
        if (i < 0 || i >= ids.length) {
            throw new IllegalArgumentException("text index " + i + " is outside [0, " + ids.length + ")");
        }
        return i;
    }
}
