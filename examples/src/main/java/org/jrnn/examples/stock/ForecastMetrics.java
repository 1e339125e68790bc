package org.jrnn.examples.stock;

import org.jrnn.train.metrics.Regression;

/**
 * How good next-day price forecasts are, in price units: RMSE, MAE, MAPE (a fraction: 0.012 is 1.2 %) and
 * directional accuracy, the share of days on which the forecast move from today's price, {@code sign(forecast -
 * today)}, equals the actual move's sign, {@code sign(actual - today)} (−1, 0 or +1; so a forecast of "no move" is
 * right only on a day the price did not move).
 *
 * @param days the number of forecasts scored
 */
public record ForecastMetrics(double rmse, double mae, double mape, double directionalAccuracy, int days) {

    /**
     * @param today    [n] the last known price before each forecast day
     * @param actual   [n] the price on the forecast day
     * @param forecast [n] the forecast of that price
     */
    public static ForecastMetrics of(float[] today, float[] actual, float[] forecast) {
        if (today.length != actual.length || actual.length != forecast.length || actual.length == 0) {
            throw new IllegalArgumentException("need the same non-zero number of today's prices, actual prices and"
                    + " forecasts, got " + today.length + ", " + actual.length + ", " + forecast.length);
        }
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Math.signum((double) forecast[i] - today[i]) == Math.signum((double) actual[i] - today[i])) {
                right++;
            }
        }
        return new ForecastMetrics(Regression.rmse(forecast, actual), Regression.mae(forecast, actual),
                Regression.mape(forecast, actual).value(), (double) right / actual.length, actual.length);
    }

    /** The naive forecast "tomorrow = today" scored on the same days. */
    public static ForecastMetrics naive(float[] today, float[] actual) {
        return of(today, actual, today);
    }

    /** The share of days whose price rose: the directional accuracy of always forecasting a rise. */
    public static double upShare(float[] today, float[] actual) {
        int up = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] > today[i]) {
                up++;
            }
        }
        return (double) up / actual.length;
    }
}
