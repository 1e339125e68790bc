package org.jrnn.train;

/**
 * Training stopped because a batch's loss or gradients were not finite. The model keeps the weights from before that
 * batch (the optimizer step was not taken).
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;

    public NonFiniteLossException(int epoch, int batch, String what) {
        super("the " + what + " became non-finite at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                + "; the weights from before this batch are kept. Try a lower learning rate, gradient clipping"
                + " (clip norm), or skipping such batches");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 0-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }
}
