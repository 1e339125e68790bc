package org.jrnn.examples.stock;

import java.util.Locale;

/**
 * The recipe of one run. {@link #classic} is the textbook one: windows of 10 days, one LSTM layer of 50 units, a
 * linear head, MSE, Adam at 0.01, a 70/15/15 chronological split, early stopping on the validation loss (patience
 * 10) with the best weights restored.
 *
 * @param clipNorm NaN for no clipping
 * @param horizon  days to forecast past the end of the data (0: none)
 */
public record StockConfig(Target target, int window, int hidden, int layers, boolean bidirectional, float dropout,
                          float lr, int batch, int epochs, int patience, float clipNorm, long seed,
                          double trainFraction, double validationFraction, int horizon) {

    /** What the model predicts. */
    public enum Target {
        /** Tomorrow's price (min-max scaled to [0, 1] on the training part). */
        PRICE,
        /** Tomorrow's log return ln(p[t+1] / p[t]) (standardised on the training part), turned back into a price. */
        RETURN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StockConfig {
        atLeast(window, 1, "--window");
        atLeast(hidden, 1, "--hidden");
        atLeast(layers, 1, "--layers");
        atLeast(batch, 1, "--batch");
        atLeast(epochs, 1, "--epochs");
        atLeast(patience, 0, "--patience");
        atLeast(horizon, 0, "--horizon");
        if (!(lr > 0f && Float.isFinite(lr))) {
            throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (!Float.isNaN(clipNorm) && !(clipNorm > 0f && Float.isFinite(clipNorm))) {
            throw new IllegalArgumentException("--clip-norm must be finite and > 0 (NaN: none), got " + clipNorm);
        }
    }

    private static void atLeast(int value, int min, String flag) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + value);
        }
    }

    public static StockConfig classic(long seed) {
        return new StockConfig(Target.PRICE, 10, 50, 1, false, 0f, 0.01f, 32, 100, 10, Float.NaN, seed, 0.70, 0.15,
                0);
    }
}
