package org.jrnn.train.schedule;

/**
 * PyTorch's {@code CosineAnnealingLR} in its closed form:
 * {@code lr(t) = etaMin + (baseLr - etaMin) · (1 + cos(π t / tMax)) / 2}.
 *
 * <p>It reaches {@code etaMin} at {@code t = tMax} and, like PyTorch, keeps following the cosine afterwards (back up
 * to {@code baseLr} at {@code 2 tMax}); it does not restart (that is {@code CosineAnnealingWarmRestarts}).
 *
 * <p>PyTorch's {@code step()} uses a recursive form instead, {@code lr(t) = (1 + cos(π t/T)) / (1 + cos(π (t-1)/T))
 * · (lr(t-1) - etaMin) + etaMin}, with a special case just after each minimum. Mathematically the same, it rounds
 * differently and the error compounds; this class matches the closed form, and the golden test measures how far
 * PyTorch's actual sequence drifts from it.
 */
public record CosineAnnealingLr(double baseLr, int tMax, double etaMin) implements LrSchedule {
    public CosineAnnealingLr {
        ScheduleChecks.nonNegativeFinite("baseLr", baseLr);
        ScheduleChecks.atLeast("tMax", tMax, 1);
        ScheduleChecks.nonNegativeFinite("etaMin", etaMin);
    }

    /** Annealing to 0, PyTorch's default {@code eta_min}. */
    public CosineAnnealingLr(double baseLr, int tMax) {
        this(baseLr, tMax, 0.0);
    }

    @Override
    public double lr(int epoch) {
        LrSchedule.checkEpoch(epoch);
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
