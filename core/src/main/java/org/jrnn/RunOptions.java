package org.jrnn;

/**
 * How a forward pass runs.
 *
 * @param training    keep a tape for backward and apply inter-layer dropout
 * @param dropoutSeed seeds the dropout masks, so a training run is repeatable bit for bit
 * @param batchFirst  input is [B, T, I] and output [B, T, D*H] instead of time-major [T, B, …]; states are always
 *                    [L*D, B, H]
 */
public record RunOptions(boolean training, long dropoutSeed, boolean batchFirst) {
    public static final RunOptions INFERENCE = new RunOptions(false, 0L, false);
    public static final RunOptions TRAINING = new RunOptions(true, 0L, false);

    public static RunOptions training(long dropoutSeed) {
        return new RunOptions(true, dropoutSeed, false);
    }

    public RunOptions withBatchFirst(boolean b) {
        return new RunOptions(training, dropoutSeed, b);
    }
}
