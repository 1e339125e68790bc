package org.jrnn.train.schedule;

/**
 * PyTorch's {@code StepLR}: the rate is multiplied by {@code gamma} every {@code stepSize} epochs,
 * {@code lr(t) = baseLr · gamma^⌊t / stepSize⌋}.
 *
 * <p>This is PyTorch's closed form; its {@code step()} multiplies the previous rate by {@code gamma} instead, so
 * after {@code k} decays the two differ by up to about {@code k} ulps.
 */
public record StepLr(double baseLr, int stepSize, double gamma) implements LrSchedule {
    public StepLr {
        ScheduleChecks.nonNegativeFinite("baseLr", baseLr);
        ScheduleChecks.atLeast("stepSize", stepSize, 1);
        ScheduleChecks.nonNegativeFinite("gamma", gamma);
    }

    @Override
    public double lr(int epoch) {
        LrSchedule.checkEpoch(epoch);
        return baseLr * Math.pow(gamma, epoch / stepSize);
    }
}
