package org.jrnn.examples.stock;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The built-in data: daily Open, High, Low, Close and Volume of a made-up stock on a business-day calendar, drawn
 * from a seed, so that {@code rnn stock} runs without a download.
 *
 * <p>The log close is the sum of two parts:
 * <ul>
 *   <li>a level that reverts to a slowly rising trend (about {@value #DRIFT_PER_YEAR} a year; pull
 *       {@value #KAPPA} a day, a half-life of about 23 trading days), so prices wander in a band around the trend
 *       instead of drifting off as a pure random walk does, and whose daily shocks have a regime-switching
 *       GARCH(1,1) variance: a two-state Markov chain (calm: long-run volatility 0.5 % a day, expected stay 100 days;
 *       turbulent: 1.2 %, expected stay 25 days) sets the GARCH constant, {@code σ²ₜ = ω(regime) + α·ε²ₜ₋₁ + β·σ²ₜ₋₁}
 *       with α = 0.08, β = 0.88; the shocks are unpredictable by construction;</li>
 *   <li>a mean-reverting AR(1) deviation {@code xₜ = φ·xₜ₋₁ + ηₜ} with φ = {@value #PHI} and η of 1.5 % a day. It
 *       makes daily returns negatively autocorrelated (a rise tends to be partly given back over the next few days):
 *       the structure a model can learn. A least-squares autoregression on the last 10 log returns, fitted on the
 *       first 85 % of the days, has a next-day RMSE on the rest about 7–9 % below the naive forecast's (seeds
 *       42–45): roughly the most a model can gain here.</li>
 * </ul>
 * Real prices have much less of such structure: they are close to a random walk, where little beats the naive
 * forecast "tomorrow = today".
 */
public final class SyntheticMarket {
    /** Default length: six years of 252 trading days. */
    public static final int DEFAULT_DAYS = 6 * 252;
    /** First day of the built-in data. */
    public static final LocalDate START = LocalDate.of(2019, 1, 2);
    static final double DRIFT_PER_YEAR = 0.015;
    static final double PHI = 0.4;
    /** Daily pull of the log level towards its trend. */
    static final double KAPPA = 0.03;
    private static final double ETA = 0.015;
    private static final double ALPHA = 0.08;
    private static final double BETA = 0.88;
    private static final double[] LONG_RUN_VOL = {0.005, 0.012};
    private static final double[] STAY = {0.99, 0.96};

    private SyntheticMarket() {}

    /** One line for the output and the README: what the data is made of. */
    public static String describe(int days, long seed) {
        return days + " business days from " + START + " drawn from seed " + seed + ": log close = a level pulled "
                + "back to a trend rising " + DRIFT_PER_YEAR * 100 + "%/yr (half-life ~23 days), shocked with "
                + "regime-switching GARCH(1,1) volatility "
                + "(calm 0.5%/day, turbulent 1.2%/day) + a mean-reverting AR(1) part (phi " + PHI
                + ") that makes returns negatively autocorrelated over a few days: the learnable structure";
    }

    public static PriceSeries generate(long seed, int days) {
        if (days < 2) {
            throw new IllegalArgumentException("the built-in data needs at least 2 days, got " + days);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[days * 5];
        double walk = Math.log(100);
        double x = 0;
        int regime = 0;
        double sigma2 = LONG_RUN_VOL[0] * LONG_RUN_VOL[0];
        double eps = 0;
        double prevClose = 100;
        double drift = DRIFT_PER_YEAR / 252;
        double trend = walk;
        for (int t = 0; t < days; t++) {
            if (rnd.nextDouble() > STAY[regime]) {
                regime = 1 - regime;
            }
            double omega = LONG_RUN_VOL[regime] * LONG_RUN_VOL[regime] * (1 - ALPHA - BETA);
            sigma2 = omega + ALPHA * eps * eps + BETA * sigma2;
            eps = Math.sqrt(sigma2) * gaussian(rnd);
            // The level reverts to a drifting trend (half-life about 35 trading days), so prices wander in a band
            // around it instead of drifting off as a pure random walk would.
            walk += drift + KAPPA * (trend - walk) + eps;
            trend += drift;
            x = PHI * x + ETA * gaussian(rnd);
            double close = Math.exp(walk + x);
            double open = prevClose * Math.exp(0.3 * Math.sqrt(sigma2) * gaussian(rnd));
            double range = Math.sqrt(sigma2) * 0.5;
            double high = Math.max(open, close) * Math.exp(range * Math.abs(gaussian(rnd)));
            double low = Math.min(open, close) * Math.exp(-range * Math.abs(gaussian(rnd)));
            double volume = 1e6 * (regime == 1 ? 1.8 : 1.0) * Math.exp(0.3 * gaussian(rnd))
                    * (1 + 20 * Math.abs(Math.log(close / prevClose)));
            int r = t * 5;
            v[r] = (float) open;
            v[r + 1] = (float) high;
            v[r + 2] = (float) low;
            v[r + 3] = (float) close;
            v[r + 4] = (float) Math.rint(volume);
            prevClose = close;
        }
        return new PriceSeries(BusinessDays.from(START, days), v, List.of("Open", "High", "Low", "Close", "Volume"),
                3, "built-in", List.of());
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller on two uniforms (nextGaussian's algorithm is not specified across JDK versions).
        double u = 1.0 - rnd.nextDouble();
        double w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
