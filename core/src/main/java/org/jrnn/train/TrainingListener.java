package org.jrnn.train;

/** Progress of a {@link Trainer} run, for progress bars and logs. Every method has an empty default. */
public interface TrainingListener {

    /** An epoch starts; it will run {@code batches} batches. */
    default void epochStarted(int epoch, int batches) {}

    /** A batch finished (or was skipped): its loss, and the run's position. */
    default void batchFinished(BatchEvent event) {}

    /** An epoch finished, validation included. */
    default void epochFinished(EpochSummary summary) {}

    /** One optimizer step's outcome. */
    record BatchEvent(int epoch, int batch, int batches, long step, double loss, int sequences, boolean skipped,
                      TrainerState state) {}
}
