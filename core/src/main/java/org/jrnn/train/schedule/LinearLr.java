package org.jrnn.train.schedule;

/**
 * PyTorch's {@code LinearLR}, the usual warm-up: the factor applied to {@code baseLr} moves linearly from
 * {@code startFactor} at epoch 0 to {@code endFactor} at epoch {@code totalIters} and stays there,
 * {@code lr(t) = baseLr · (startFactor + (endFactor - startFactor) · min(t, totalIters) / totalIters)}.
 *
 * <p>This is PyTorch's closed form; its {@code step()} multiplies the previous rate by a ratio of factors, which
 * rounds differently in the last bits.
 */
public record LinearLr(double baseLr, double startFactor, double endFactor, int totalIters) implements LrSchedule {
    /** PyTorch's defaults: start at a third of the base rate and reach it after 5 epochs. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;

    public static final int DEFAULT_TOTAL_ITERS = 5;

    public LinearLr {
        ScheduleChecks.nonNegativeFinite("baseLr", baseLr);
        ScheduleChecks.inUnitInterval("startFactor", startFactor);
        ScheduleChecks.inUnitInterval("endFactor", endFactor);
        ScheduleChecks.atLeast("totalIters", totalIters, 1);
    }

    /** A warm-up from {@code startFactor · baseLr} to {@code baseLr} over {@code totalIters} epochs. */
    public static LinearLr warmUp(double baseLr, double startFactor, int totalIters) {
        return new LinearLr(baseLr, startFactor, 1.0, totalIters);
    }

    @Override
    public double lr(int epoch) {
        LrSchedule.checkEpoch(epoch);
        return baseLr * (startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters);
    }
}
