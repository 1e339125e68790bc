package org.jrnn.train;

/**
 * What one epoch did.
 *
 * @param validationLoss NaN without validation data
 * @param monitored      the early-stopping figure (NaN when none)
 * @param seconds        wall time of the epoch's training batches (validation excluded)
 */
public record EpochSummary(int epoch, double trainLoss, double validationLoss, String monitorName, double monitored,
                           long sequences, double seconds, long skippedBatches, boolean improved) {

    public double sequencesPerSecond() {
        return seconds > 0 ? sequences / seconds : Double.NaN;
    }
}
