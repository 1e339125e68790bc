package org.jrnn.host;

import java.util.SplittableRandom;

/**
 * Inter-layer dropout masks, the same on every heap backend for the same seed so that training is repeatable and
 * backends can be compared bit for bit. A mask entry is 0 with probability p, else 1/(1-p) (inverted dropout).
 */
public final class Dropout {
    private Dropout() {}

    /** Fills {@code mask[0..n)} for layer {@code layer} of a forward pass seeded with {@code seed}. */
    public static void fillMask(float[] mask, int n, float p, long seed, int layer) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + layer);
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = r.nextFloat() < p ? 0f : keep;
        }
    }
}
