package org.jrnn.train;

/**
 * Stop when the monitored validation figure has not improved for {@code patience} epochs, and (optionally) put back
 * the weights of the best epoch.
 *
 * @param minDelta an improvement smaller than this does not count
 */
public record EarlyStopping(Monitor monitor, int patience, float minDelta, boolean restoreBest) {
    public EarlyStopping {
        if (monitor == null || patience < 0 || !(minDelta >= 0f)) {
            throw new IllegalArgumentException("early stopping needs a monitor, patience >= 0 and min delta >= 0");
        }
    }

    /** On the validation loss, restoring the best weights. */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping(Monitor.VALIDATION_LOSS, patience, 0f, true);
    }
}
