package org.jrnn.train.schedule;

/**
 * Where a {@link ReduceLrOnPlateau} stands, PyTorch's state minus the settings.
 *
 * @param lr the current learning rate
 * @param best the best metric so far (±∞ before the first step)
 * @param numBadEpochs epochs since the last improvement, reset by a reduction and during cooldown
 * @param cooldownCounter epochs of cooldown left
 * @param lastEpoch how many times {@code step} was called
 */
public record PlateauState(double lr, double best, int numBadEpochs, int cooldownCounter, int lastEpoch) {
    public PlateauState {
        ScheduleChecks.nonNegativeFinite("lr", lr);
        if (Double.isNaN(best)) {
            throw new IllegalArgumentException("best is NaN; expected a number or ±Infinity");
        }
        ScheduleChecks.atLeast("numBadEpochs", numBadEpochs, 0);
        ScheduleChecks.atLeast("cooldownCounter", cooldownCounter, 0);
        ScheduleChecks.atLeast("lastEpoch", lastEpoch, 0);
    }
}
