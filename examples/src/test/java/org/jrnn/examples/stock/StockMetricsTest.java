package org.jrnn.examples.stock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ForecastMetrics} on a four-day series worked out by hand. */
class StockMetricsTest {
    // today's price, the actual next-day price and a forecast of it
    private static final float[] TODAY = {10, 10, 12, 11};
    private static final float[] ACTUAL = {11, 9, 12, 12};
    private static final float[] FORECAST = {10.5f, 10.5f, 11, 12};

    @Test
    void modelByHand() {
        ForecastMetrics m = ForecastMetrics.of(TODAY, ACTUAL, FORECAST);
        // errors -0.5, 1.5, -1, 0: squares 0.25 + 2.25 + 1 + 0 = 3.5
        assertEquals(Math.sqrt(3.5 / 4), m.rmse(), 1e-12);
        assertEquals((0.5 + 1.5 + 1 + 0) / 4, m.mae(), 1e-12);
        assertEquals((0.5 / 11 + 1.5 / 9 + 1.0 / 12 + 0) / 4, m.mape(), 1e-9);
        // moves forecast +, +, -, +; actual +, -, 0, +: right on days 1 and 4
        assertEquals(0.5, m.directionalAccuracy(), 0);
        assertEquals(4, m.days());
    }

    @Test
    void naiveByHand() {
        ForecastMetrics n = ForecastMetrics.naive(TODAY, ACTUAL);
        // errors today - actual: -1, 1, 0, -1
        assertEquals(Math.sqrt(3.0 / 4), n.rmse(), 1e-12);
        assertEquals(3.0 / 4, n.mae(), 1e-12);
        assertEquals((1.0 / 11 + 1.0 / 9 + 0 + 1.0 / 12) / 4, n.mape(), 1e-9);
        // it forecasts no move, which is right only on day 3 (12 -> 12)
        assertEquals(0.25, n.directionalAccuracy(), 0);
    }

    @Test
    void upShareIsAlwaysUpsDirection() {
        assertEquals(0.5, ForecastMetrics.upShare(TODAY, ACTUAL), 0);
    }

    @Test
    void mismatchedLengthsAreAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.of(new float[2], new float[3], new float[3]));
    }

    @Test
    void logReturnsByHand() {
        PriceSeries s = new PriceSeries(null, new float[] {100, 0, 110, 5, 99, 0}, java.util.List.of("Close", "Volume"),
                0, "t", java.util.List.of());
        float[] r = StockExperiment.logReturns(s);
        assertEquals(Math.log(1.1), r[0], 1e-6);
        assertEquals(Math.log(6), r[1], 1e-6);            // volume has a zero: ln(1 + v)
        assertEquals(Math.log(0.9), r[2], 1e-6);
        assertEquals(-Math.log(6), r[3], 1e-6);
    }

    @Test
    void businessDaysSkipWeekends() {
        assertEquals(java.time.LocalDate.of(2024, 1, 8), BusinessDays.next(java.time.LocalDate.of(2024, 1, 5)));
        java.time.LocalDate[] d = BusinessDays.from(java.time.LocalDate.of(2024, 1, 6), 2);
        assertEquals(java.time.LocalDate.of(2024, 1, 8), d[0]);
        assertEquals(java.time.LocalDate.of(2024, 1, 9), d[1]);
    }

    @Test
    void builtInDataIsReproducibleAndPositive() {
        PriceSeries a = SyntheticMarket.generate(3, 500);
        PriceSeries b = SyntheticMarket.generate(3, 500);
        assertEquals(java.util.Arrays.toString(a.values()), java.util.Arrays.toString(b.values()));
        for (float v : a.values()) {
            assertEquals(true, v > 0 && Float.isFinite(v));
        }
        assertEquals(java.time.DayOfWeek.WEDNESDAY, a.dates()[0].getDayOfWeek());
        assertEquals("Close", a.columns().get(a.target()));
    }
}
