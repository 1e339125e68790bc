package org.jrnn.examples.stock;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.data.ChronologicalSplit;
import org.jrnn.data.IndexRange;
import org.jrnn.data.MinMaxScaler;
import org.jrnn.data.Scaler;
import org.jrnn.data.SlidingWindows;
import org.jrnn.data.SplitWindows;
import org.jrnn.data.Splits;
import org.jrnn.data.StandardScaler;
import org.jrnn.data.Windows;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.EarlyStopping;
import org.jrnn.train.EpochSummary;
import org.jrnn.train.Loss;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainingListener;
import org.jrnn.train.TrainingReport;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;

/**
 * One run of the stock example: frame the series (prices, or log returns), split it chronologically, fit the scaler
 * on the training part, window each part on its own (no window crosses a split), train an LSTM with early stopping,
 * score the test part in price units beside the naive forecast, and optionally forecast past the end.
 *
 * <p>Index bookkeeping: row j of the model's series is "about" price row {@code day(j)}: j for prices, j + 1 for
 * returns (return j is the move from price j to price j + 1). A window's target is model row t, so the forecast day
 * is price row {@code day(t)} and "today" is price row {@code day(t) - 1}.
 */
public final class StockExperiment {
    private StockExperiment() {}

    public static StockResult run(PriceSeries s, StockConfig c, Backend backend, TrainingListener listener) {
        int F = s.features();
        boolean returns = c.target() == StockConfig.Target.RETURN;
        int offset = returns ? 1 : 0;
        if (c.horizon() > 0 && F > 1) {
            throw new IllegalArgumentException("--horizon forecasts by feeding each forecast back as the next input,"
                    + " which needs the predicted column alone; drop --features (the model predicts only "
                    + s.columns().get(s.target()) + ")");
        }
        checkLength(s, c);
        float[] series = returns ? logReturns(s) : s.values();
        int m = series.length / F;
        ChronologicalSplit split = Splits.chronological(m, c.trainFraction(), c.validationFraction());
        float[] trainRows = split.train().rows(series, F);
        Scaler scaler = returns ? StandardScaler.fit(trainRows, F) : MinMaxScaler.fit(trainRows, F);
        SplitWindows w = SplitWindows.of(series, F, split, SlidingWindows.oneStepAhead(c.window(), s.target()),
                scaler);
        SequenceDataset train = dataset(w.train());
        SequenceDataset validation = dataset(w.validation());
        SequenceDataset test = dataset(w.test());

        ModelSpec spec = new ModelSpec(null, new RnnSpec(CellType.LSTM, F, c.hidden(), c.layers(), c.bidirectional(),
                true, c.dropout()), Readout.LAST, new HeadSpec(0, Activation.IDENTITY, c.dropout(), 1));
        TrainerConfig tc = TrainerConfig.of(c.epochs(), c.batch(), c.seed())
                .withEarlyStopping(EarlyStopping.onValidationLoss(c.patience()));
        if (!Float.isNaN(c.clipNorm())) {
            tc = tc.withClipNorm(c.clipNorm());
        }
        float[] prices = s.prices();
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(c.seed());
             Optimizer adam = new Optimizer(model, OptimizerSpec.adam(c.lr()), List.of());
             Trainer trainer = new Trainer(model, adam, Loss.of(Loss.Kind.MSE), tc)) {
            if (listener != null) {
                trainer.addListener(listener);
            }
            TrainingReport report = trainer.fit(train, validation);
            float[] out = trainer.evaluate(test).logits();
            int n = test.size();
            float[] today = new float[n];
            float[] actual = new float[n];
            float[] predicted = new float[n];
            List<String> days = new ArrayList<>(n);
            IndexRange part = split.test();
            for (int i = 0; i < n; i++) {
                int day = part.start() + i + c.window() + offset;
                today[i] = prices[day - 1];
                actual[i] = prices[day];
                float value = scaler.inverseTransform(out[i], s.target());
                predicted[i] = returns ? (float) (today[i] * Math.exp(value)) : value;
                days.add(s.label(day));
            }
            float[] range = range(prices, split.train().end() + offset);
            List<StockResult.ForecastDay> forecast = c.horizon() > 0
                    ? forecast(trainer, scaler, series, s, c, prices[prices.length - 1]) : List.of();
            return new StockResult(s, c, backend.name(), model.parameterCount(),
                    new int[] {split.train().size(), split.validation().size(), split.test().size()},
                    new int[] {train.size(), validation.size(), test.size()}, days, today, actual, predicted,
                    ForecastMetrics.of(today, actual, predicted), ForecastMetrics.naive(today, actual),
                    ForecastMetrics.upShare(today, actual), report, throughput(report), forecast, range,
                    outside(actual, range));
        }
    }

    /** Fails with one message when a part of the split would be too short to give a window. */
    static void checkLength(PriceSeries s, StockConfig c) {
        int offset = c.target() == StockConfig.Target.RETURN ? 1 : 0;
        int n = s.rows();
        String what = s.source().equals("built-in") ? "the built-in data" : s.source();
        if (n < c.window() + Math.max(1, c.horizon()) + offset) {
            throw new IllegalArgumentException(what + " has " + n + " rows, fewer than window " + c.window()
                    + " + horizon " + Math.max(1, c.horizon()) + (offset > 0 ? " + 1 (a return needs two prices)" : ""));
        }
        if (!partsLongEnough(n - offset, c)) {
            int need = n;
            while (!partsLongEnough(need - offset, c)) {
                need++;
            }
            throw new IllegalArgumentException(what + " has " + n + " rows: too few to give every part of the "
                    + Math.round(c.trainFraction() * 100) + "/" + Math.round(c.validationFraction() * 100) + "/"
                    + Math.round((1 - c.trainFraction() - c.validationFraction()) * 100) + " split a window of "
                    + c.window() + " days and its next day; that needs at least " + need + " rows");
        }
    }

    private static boolean partsLongEnough(int m, StockConfig c) {
        ChronologicalSplit split = Splits.chronological(m, c.trainFraction(), c.validationFraction());
        int min = c.window() + 1;
        return split.train().size() >= min && split.validation().size() >= min && split.test().size() >= min;
    }

    /**
     * [N - 1, F]: ln(v[j + 1] / v[j]) per column; a column with a value ≤ 0 (a volume of 0) uses ln(1 + v) instead
     * of ln(v).
     */
    static float[] logReturns(PriceSeries s) {
        int F = s.features();
        int n = s.rows();
        float[] v = s.values();
        boolean[] positive = new boolean[F];
        java.util.Arrays.fill(positive, true);
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                positive[i % F] = false;
            }
        }
        float[] r = new float[(n - 1) * F];
        for (int j = 0; j < n - 1; j++) {
            for (int f = 0; f < F; f++) {
                double a = v[j * F + f];
                double b = v[(j + 1) * F + f];
                r[j * F + f] = (float) (positive[f] ? Math.log(b / a) : Math.log1p(Math.max(b, 0))
                        - Math.log1p(Math.max(a, 0)));
            }
        }
        return r;
    }

    /** Iterates the model past the end: each forecast (scaled) becomes the newest step of the next input window. */
    private static List<StockResult.ForecastDay> forecast(Trainer trainer, Scaler scaler, float[] series,
                                                          PriceSeries s, StockConfig c, float lastPrice) {
        boolean returns = c.target() == StockConfig.Target.RETURN;
        int w = c.window();
        float[] scaled = scaler.transform(java.util.Arrays.copyOfRange(series, series.length - w, series.length));
        List<StockResult.ForecastDay> out = new ArrayList<>();
        double price = lastPrice;
        LocalDate date = s.hasDates() ? s.dates()[s.rows() - 1] : null;
        for (int h = 1; h <= c.horizon(); h++) {
            float next = trainer.evaluate(SequenceDataset.ofFeatures(scaled.clone(), 1, w, 1, null, new float[1], 1,
                    1)).logits()[0];
            float value = scaler.inverseTransform(next, 0);
            double previous = price;
            price = returns ? price * Math.exp(value) : value;
            date = date != null ? BusinessDays.next(date) : null;
            out.add(new StockResult.ForecastDay(date != null ? date.toString() : "day " + (s.rows() + h), price,
                    Math.log(price / previous)));
            System.arraycopy(scaled, 1, scaled, 0, w - 1);
            scaled[w - 1] = next;
        }
        return out;
    }

    /** {min, max} of prices[0, rows). */
    private static float[] range(float[] prices, int rows) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
            lo = Math.min(lo, prices[i]);
            hi = Math.max(hi, prices[i]);
        }
        return new float[] {lo, hi};
    }

    private static double outside(float[] actual, float[] range) {
        int n = 0;
        for (float a : actual) {
            if (a < range[0] || a > range[1]) {
                n++;
            }
        }
        return (double) n / actual.length;
    }

    private static SequenceDataset dataset(Windows w) {
        return SequenceDataset.ofFeatures(w.inputs(), w.count(), w.window(), w.features(), null, w.targets(),
                w.count(), 1);
    }

    private static double throughput(TrainingReport r) {
        long sequences = 0;
        double seconds = 0;
        for (EpochSummary e : r.epochs()) {
            sequences += e.sequences();
            seconds += e.seconds();
        }
        return seconds > 0 ? sequences / seconds : Double.NaN;
    }
}
