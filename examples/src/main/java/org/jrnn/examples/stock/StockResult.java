package org.jrnn.examples.stock;

import java.util.List;
import org.jrnn.train.TrainingReport;

/**
 * What a {@link StockExperiment} found.
 *
 * @param modelRows  rows the model's series has per part (train, validation, test): prices, or returns (one fewer)
 * @param windows    windows per part (train, validation, test)
 * @param testDays   the date (or "day n") of each scored test forecast
 * @param today      [n] the last known price before each test day
 * @param actual     [n] the price on each test day
 * @param predicted  [n] the model's forecast of it
 * @param upShare    share of test days whose price rose (what "always up" would score on direction)
 * @param forecast   the --horizon forecast past the end of the data (empty without one)
 * @param trainRange the lowest and highest price of the training part
 * @param outsideTrainRange share of test days whose price lies outside {@code trainRange} (a min-max-scaled price
 *                   model must extrapolate there)
 */
public record StockResult(PriceSeries series, StockConfig config, String backend, int parameters,
                          int[] modelRows, int[] windows, List<String> testDays, float[] today, float[] actual,
                          float[] predicted, ForecastMetrics model, ForecastMetrics naive, double upShare,
                          TrainingReport training, double sequencesPerSecond, List<ForecastDay> forecast,
                          float[] trainRange, double outsideTrainRange) {

    /** One day of the --horizon forecast. */
    public record ForecastDay(String day, double price, double logReturn) {}
}
