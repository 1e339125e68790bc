package org.jrnn.train.schedule;

/**
 * PyTorch 1.13's {@code ReduceLROnPlateau} for one parameter group: call {@link #step(double)} once per epoch with
 * the monitored metric (a validation loss, or a score with {@code Mode.MAX}); it returns the rate to use next.
 *
 * <p>Each step: if the metric beats the best by the threshold it becomes the best and the bad-epoch count resets,
 * otherwise the count grows (a NaN metric is never better, so it counts as bad, as in PyTorch). During cooldown the
 * count stays at 0. When the count exceeds {@code patience} the rate becomes {@code max(lr · factor, minLr)}, unless
 * that lowers it by {@code eps} or less, and cooldown starts.
 *
 * <p>As in PyTorch, the relative threshold multiplies the best value, so for a negative metric in {@code MIN} mode
 * {@code best · (1 - threshold)} lies above the best and a slightly worse value still counts as an improvement; use
 * {@code ThresholdMode.ABS} for metrics that can be negative.
 *
 * <p>This is the one stateful schedule: {@link #state()} and {@link #toJson()} capture it for checkpoints, and
 * {@link #fromJson(String)} resumes exactly where it stopped. Not thread-safe.
 */
public final class ReduceLrOnPlateau {
    private final PlateauConfig config;
    private PlateauState state;

    /** A fresh scheduler; {@code initialLr} is the optimizer's rate before the first step. */
    public ReduceLrOnPlateau(PlateauConfig config, double initialLr) {
        this(config, new PlateauState(initialLr, requireConfig(config).worst(), 0, 0, 0));
    }

    /** Resumes from a saved state. */
    public ReduceLrOnPlateau(PlateauConfig config, PlateauState state) {
        this.config = requireConfig(config);
        if (state == null) {
            throw new IllegalArgumentException("state is null; expected a PlateauState");
        }
        this.state = state;
    }

    private static PlateauConfig requireConfig(PlateauConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null; expected a PlateauConfig");
        }
        return config;
    }

    /** Records one epoch's metric and returns the learning rate for the next epoch. */
    public double step(double metric) {
        double best = state.best();
        int bad;
        if (config.isBetter(metric, best)) {
            best = metric;
            bad = 0;
        } else {
            bad = state.numBadEpochs() + 1;
        }
        int cooldown = state.cooldownCounter();
        if (cooldown > 0) {
            cooldown--;
            bad = 0;
        }
        double lr = state.lr();
        if (bad > config.patience()) {
            double reduced = Math.max(lr * config.factor(), config.minLr());
            if (lr - reduced > config.eps()) {
                lr = reduced;
            }
            cooldown = config.cooldown();
            bad = 0;
        }
        state = new PlateauState(lr, best, bad, cooldown, state.lastEpoch() + 1);
        return lr;
    }

    public double lr() {
        return state.lr();
    }

    public PlateauState state() {
        return state;
    }

    public PlateauConfig config() {
        return config;
    }

    /** The settings and the state as one JSON object; numbers with fractions are written as exact strings. */
    public String toJson() {
        return PlateauJson.write(config, state);
    }

    /** Reads what {@link #toJson()} wrote; a malformed or incomplete text throws, naming what is wrong. */
    public static ReduceLrOnPlateau fromJson(String json) {
        return PlateauJson.read(json);
    }
}
