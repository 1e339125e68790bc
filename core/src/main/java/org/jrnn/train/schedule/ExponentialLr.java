package org.jrnn.train.schedule;

/**
 * PyTorch's {@code ExponentialLR}: {@code lr(t) = baseLr · gamma^t}.
 *
 * <p>This is PyTorch's closed form; its {@code step()} multiplies the previous rate by {@code gamma}, which
 * accumulates about one ulp of rounding per epoch.
 */
public record ExponentialLr(double baseLr, double gamma) implements LrSchedule {
    public ExponentialLr {
        ScheduleChecks.nonNegativeFinite("baseLr", baseLr);
        ScheduleChecks.nonNegativeFinite("gamma", gamma);
    }

    @Override
    public double lr(int epoch) {
        LrSchedule.checkEpoch(epoch);
        return baseLr * Math.pow(gamma, epoch);
    }
}
