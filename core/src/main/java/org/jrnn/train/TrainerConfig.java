package org.jrnn.train;

/**
 * How a {@link Trainer} runs.
 *
 * @param epochs       passes over the training data (an upper bound when {@code maxSteps} is set)
 * @param maxSteps     stop after this many optimizer steps (0: no limit)
 * @param batchSize    sequences per batch; the last, partial batch of an epoch is kept
 * @param shuffle      a fresh seeded order every epoch (a function of seed and epoch only, so a resumed run sees the
 *                     same order); false keeps the data's order: batch k is rows [kB, (k+1)B)
 * @param seed         shuffling and dropout
 * @param clipNorm     global-norm clipping as {@code clip_grad_norm_} (NaN: none): every gradient times
 *                     {@code min(1, clipNorm / (norm + 1e-6))}
 * @param clipValue    value clipping as {@code clip_grad_value_} (NaN: none)
 * @param skipNonFinite on a non-finite loss or gradient skip the batch (counted) instead of stopping. "Non-finite
 *                     gradient" means its global squared norm, a float32, is NaN or infinite: a NaN or infinite
 *                     element, or finite elements whose squares add up past {@code Float.MAX_VALUE} (a norm above
 *                     about 1.8e19), clipping by norm or not (PyTorch 1.13's {@code clip_grad_norm_} would scale by
 *                     clipNorm / inf = 0 and take a zero step). With {@code clipValue} the norm checked is the
 *                     clamped gradient's, so only a NaN stops training there, as only a NaN survives
 *                     {@code clip_grad_value_}
 * @param tbpttWindow  truncated BPTT: windows of this many steps with the state carried and detached between them
 *                     (0: full BPTT); needs per-step targets
 * @param earlyStopping null for none
 */
public record TrainerConfig(int epochs, long maxSteps, int batchSize, boolean shuffle, long seed, float clipNorm,
                            float clipValue, boolean skipNonFinite, int tbpttWindow, EarlyStopping earlyStopping) {

    public TrainerConfig {
        if (epochs < 1 || batchSize < 1 || maxSteps < 0 || tbpttWindow < 0) {
            throw new IllegalArgumentException("need epochs >= 1, batch >= 1, steps >= 0, tbptt window >= 0; got "
                    + epochs + ", " + batchSize + ", " + maxSteps + ", " + tbpttWindow);
        }
        if (!Float.isNaN(clipNorm) && !(clipNorm > 0f)) {
            throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
        }
        if (!Float.isNaN(clipValue) && !(clipValue > 0f)) {
            throw new IllegalArgumentException("clip value must be > 0, got " + clipValue);
        }
        if (!Float.isNaN(clipNorm) && !Float.isNaN(clipValue)) {
            throw new IllegalArgumentException("choose clipping by norm or by value, not both");
        }
    }

    /** {@code epochs} epochs of shuffled batches, no clipping, full BPTT, no early stopping. */
    public static TrainerConfig of(int epochs, int batchSize, long seed) {
        return new TrainerConfig(epochs, 0, batchSize, true, seed, Float.NaN, Float.NaN, false, 0, null);
    }

    public TrainerConfig withShuffle(boolean s) {
        return new TrainerConfig(epochs, maxSteps, batchSize, s, seed, clipNorm, clipValue, skipNonFinite,
                tbpttWindow, earlyStopping);
    }

    public TrainerConfig withMaxSteps(long steps) {
        return new TrainerConfig(epochs, steps, batchSize, shuffle, seed, clipNorm, clipValue, skipNonFinite,
                tbpttWindow, earlyStopping);
    }

    public TrainerConfig withClipNorm(float n) {
        return new TrainerConfig(epochs, maxSteps, batchSize, shuffle, seed, n, clipValue, skipNonFinite,
                tbpttWindow, earlyStopping);
    }

    public TrainerConfig withClipValue(float v) {
        return new TrainerConfig(epochs, maxSteps, batchSize, shuffle, seed, clipNorm, v, skipNonFinite,
                tbpttWindow, earlyStopping);
    }

    public TrainerConfig withSkipNonFinite(boolean skip) {
        return new TrainerConfig(epochs, maxSteps, batchSize, shuffle, seed, clipNorm, clipValue, skip, tbpttWindow,
                earlyStopping);
    }

    public TrainerConfig withTbptt(int window) {
        return new TrainerConfig(epochs, maxSteps, batchSize, shuffle, seed, clipNorm, clipValue, skipNonFinite,
                window, earlyStopping);
    }

    public TrainerConfig withEarlyStopping(EarlyStopping e) {
        return new TrainerConfig(epochs, maxSteps, batchSize, shuffle, seed, clipNorm, clipValue, skipNonFinite,
                tbpttWindow, e);
    }
}
