package org.jrnn.train;

import java.util.List;

/**
 * What a {@link Trainer#fit} run did.
 *
 * @param stoppedEarly  early stopping ended it before its epochs or steps were done
 * @param restoredEpoch the epoch (0-based) whose weights were restored as the best, or −1
 */
public record TrainingReport(List<EpochSummary> epochs, long steps, long skippedBatches, boolean stoppedEarly,
                             int restoredEpoch, double seconds, TrainerState finalState) {

    public EpochSummary last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
