package org.jrnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.examples.ExampleOptions;
import org.jrnn.examples.JsonReport;
import org.jrnn.examples.stock.ForecastMetrics;
import org.jrnn.examples.stock.PriceCsv;
import org.jrnn.examples.stock.PricePlot;
import org.jrnn.examples.stock.PriceSeries;
import org.jrnn.examples.stock.StockConfig;
import org.jrnn.examples.stock.StockExperiment;
import org.jrnn.examples.stock.StockResult;
import org.jrnn.examples.stock.SyntheticMarket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rnn stock}: next-day price prediction with an LSTM, scored against the naive forecast. */
@Command(name = "stock", mixinStandardHelpOptions = true,
        description = {"Predicts the next day's price with an LSTM and scores it on the test part of a 70/15/15"
                + " chronological split beside the naive forecast 'tomorrow = today'. Without --csv it runs on"
                + " built-in data generated from --seed.",
                "Defaults (the classic recipe): window 10, 1 LSTM layer of 50 units, linear head, MSE, Adam lr 0.01,"
                + " batch 32, up to 100 epochs with early stopping on the validation loss (patience 10, best"
                + " weights restored), seed 42."},
        footer = {"", "Real prices are close to a random walk, where little beats the naive forecast."})
final class StockCommand implements Callable<Integer> {
    static final String RANDOM_WALK = "Real prices are close to a random walk: on real data little beats the naive"
            + " forecast \"tomorrow = today\", so read the model's figures beside the naive ones.";

    @Mixin
    CommonOptions common;

    @Mixin
    ExampleOptions example;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Daily prices (Yahoo-style Date,Open,High,Low,Close,Adj Close,Volume); default: built-in data.")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME", defaultValue = "Close",
            description = "The price to predict: a header name or a 1-based column number (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--features", paramLabel = "COLUMN", split = ",",
            description = "Columns fed to the model, each scaled on its own (default: the --column alone); the"
                    + " built-in data has Open,High,Low,Close,Volume.")
    List<String> features;

    @Option(names = "--date-format", paramLabel = "PATTERN",
            description = "How the Date column is written, in java.time letters (MM/dd/yyyy); default: the first of"
                    + " ISO, day-first and month-first formats that reads every date (day first when both do).")
    String dateFormat;

    @Option(names = "--skip-bad-rows",
            description = "Leave out rows with a missing, 'null' or non-numeric price (listed) instead of failing.")
    boolean skipBadRows;

    @Option(names = "--target", paramLabel = "price|return", defaultValue = "price", converter = TargetConverter.class,
            description = "Predict the price (min-max scaled) or the next-day log return (standardised); default: "
                    + "${DEFAULT-VALUE}.")
    StockConfig.Target target;

    @Option(names = "--window", paramLabel = "DAYS", defaultValue = "10", description = "Days per input window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "10",
            description = "Epochs without a better validation loss before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--days", paramLabel = "N",
            description = "Length of the built-in data (default: " + SyntheticMarket.DEFAULT_DAYS
                    + ", six years of 252 days).")
    Integer days;

    @Option(names = "--horizon", paramLabel = "N", defaultValue = "0",
            description = "Forecast N business days past the end of the data by feeding forecasts back in.")
    int horizon;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Chart actual vs forecast vs naive on the test part.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean quiet = CommonOptions.quiet(spec.root().commandLine().getParseResult());
        checkFlags();
        long seed = ExampleOptions.or(example.seed, 42L);
        StockConfig classic = StockConfig.classic(seed);
        StockConfig config = new StockConfig(target, window, ExampleOptions.or(example.hidden, classic.hidden()),
                ExampleOptions.or(example.layers, classic.layers()), example.bidirectional,
                ExampleOptions.or(example.dropout, classic.dropout()), ExampleOptions.or(example.lr, classic.lr()),
                ExampleOptions.or(example.batch, classic.batch()), ExampleOptions.or(example.epochs, classic.epochs()),
                patience, ExampleOptions.or(example.clipNorm, Float.NaN), seed, classic.trainFraction(),
                classic.validationFraction(), horizon);
        PriceSeries series = csv != null
                ? PriceCsv.read(csv, new PriceCsv.Options(column, features, dateFormat, skipBadRows))
                : SyntheticMarket.generate(seed, ExampleOptions.or(days, SyntheticMarket.DEFAULT_DAYS))
                        .select(features != null ? features : List.of("Close"));
        example.applyThreads();
        StockResult r;
        try (Backend backend = example.backend != null ? Backends.create(example.backend) : Backends.create()) {
            if (!quiet) {
                preamble(out, series, config, backend.name(), seed);
            }
            try (ProgressListener progress = new ProgressListener(ProgressListener.Mode.detect(quiet), out,
                    config.epochs())) {
                r = StockExperiment.run(series, config, backend, progress);
            }
        }
        report(out, r, quiet);
        if (plot != null) {
            PricePlot.write(r, plot);
            if (!quiet) {
                out.println("wrote " + plot);
            }
        }
        if (example.json != null) {
            json(r, seed).write(example.json);
            if (!quiet) {
                out.println("wrote " + example.json);
            }
        }
        out.flush();
        return 0;
    }

    /** The ranges of the numeric flags, as usage errors naming the flag, before any file is read. */
    private void checkFlags() {
        CommandLine cmd = spec.commandLine();
        example.check(cmd);
        ExampleOptions.atLeast(cmd, "--window", window, 1);
        ExampleOptions.atLeast(cmd, "--patience", patience, 0);
        ExampleOptions.atLeast(cmd, "--horizon", horizon, 0);
        ExampleOptions.atLeast(cmd, "--days", days, 2);
        if (csv == null && (dateFormat != null || skipBadRows)) {
            throw new ParameterException(cmd, "--date-format and --skip-bad-rows apply to --csv files");
        }
        if (csv != null && days != null) {
            throw new ParameterException(cmd, "--days sets the length of the built-in data, not of --csv");
        }
    }

    private static void preamble(PrintWriter out, PriceSeries s, StockConfig c, String backend, long seed) {
        String price = s.columns().get(s.target());
        out.println("stock: next-day " + price + " with an LSTM, scored beside the naive forecast tomorrow = today");
        if (s.source().equals("built-in")) {
            out.println("data: built-in, " + SyntheticMarket.describe(s.rows(), seed));
        } else {
            out.println("data: " + s.source() + ", " + s.rows() + " rows" + (s.hasDates() ? " from " + s.label(0)
                    + " to " + s.label(s.rows() - 1) : " (no dates)") + ", columns " + String.join(",", s.columns()));
        }
        for (String note : s.notes()) {
            out.println("note: " + note);
        }
        out.printf(Locale.ROOT, "model: LSTM %d layer%s x %d%s -> linear, window %d, target %s, scaled on the "
                        + "training part; MSE, Adam lr %s, batch %d, up to %d epochs, early stopping (patience %d)"
                        + " with best weights; backend %s%n",
                c.layers(), c.layers() == 1 ? "" : "s", c.hidden(), c.bidirectional() ? " bidirectional" : "",
                c.window(), c.target() == StockConfig.Target.PRICE ? "price (min-max to [0, 1])"
                        : "next-day log return ln(p[t+1]/p[t]) (standardised)", c.lr(), c.batch(), c.epochs(),
                c.patience(), backend);
        out.flush();
    }

    private static void report(PrintWriter out, StockResult r, boolean quiet) {
        PriceSeries s = r.series();
        if (!quiet) {
            out.printf(Locale.ROOT, "split by time 70/15/15: %d/%d/%d rows, %d/%d/%d windows (none crosses a split)%n",
                    r.modelRows()[0], r.modelRows()[1], r.modelRows()[2], r.windows()[0], r.windows()[1],
                    r.windows()[2]);
            var t = r.training();
            out.printf(Locale.ROOT, "trained %d epochs%s in %.1f s (%.0f sequences/s), %d parameters%n",
                    t.epochs().size(), t.stoppedEarly() ? " (stopped early)" : "", t.seconds(),
                    r.sequencesPerSecond(), r.parameters());
            if (t.restoredEpoch() >= 0) {
                out.println("restored the weights of epoch " + (t.restoredEpoch() + 1) + " (best validation loss)");
            }
        }
        ForecastMetrics m = r.model();
        ForecastMetrics n = r.naive();
        out.printf(Locale.ROOT, "test part: %d days, %s to %s, in price units%n", m.days(), r.testDays().getFirst(),
                r.testDays().getLast());
        out.printf(Locale.ROOT, "  %-22s %12s %12s   %s%n", "", "LSTM", "naive", "model beats naive?");
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f   %s%n", "RMSE", m.rmse(), n.rmse(), yes(m.rmse() < n.rmse()));
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f   %s%n", "MAE", m.mae(), n.mae(), yes(m.mae() < n.mae()));
        out.printf(Locale.ROOT, "  %-22s %11.3f%% %11.3f%%   %s%n", "MAPE", 100 * m.mape(), 100 * n.mape(),
                yes(m.mape() < n.mape()));
        out.printf(Locale.ROOT, "  %-22s %11.1f%% %11.1f%%   %s%n", "directional accuracy",
                100 * m.directionalAccuracy(), 100 * n.directionalAccuracy(),
                yes(m.directionalAccuracy() > n.directionalAccuracy()));
        out.printf(Locale.ROOT, "  (the naive forecast predicts no move, so its direction is right only on flat days;"
                + " 'always up' would score %.1f%%)%n", 100 * r.upShare());
        if (r.outsideTrainRange() > 0 && r.config().target() == StockConfig.Target.PRICE) {
            out.printf(Locale.ROOT, "note: %.0f%% of the test prices lie outside the training part's range [%.2f, %.2f];"
                    + " a model of min-max-scaled prices must extrapolate there (--target return need not)%n",
                    100 * r.outsideTrainRange(), r.trainRange()[0], r.trainRange()[1]);
        }
        if (s.source().equals("built-in")) {
            out.println("The built-in data has a mean-reverting part a model can learn. " + RANDOM_WALK);
        } else {
            out.println(RANDOM_WALK);
        }
        if (!r.forecast().isEmpty()) {
            out.printf(Locale.ROOT, "forecast past the end (each forecast fed back as input; uncertainty grows"
                    + " every day):%n  %-12s %12s %10s%n", "day", s.columns().get(s.target()), "log return");
            for (StockResult.ForecastDay d : r.forecast()) {
                out.printf(Locale.ROOT, "  %-12s %12.4f %+10.5f%n", d.day(), d.price(), d.logReturn());
            }
        }
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    static JsonReport json(StockResult r, long seed) {
        JsonReport j = new JsonReport();
        PriceSeries s = r.series();
        StockConfig c = r.config();
        j.put("task", "name", "stock");
        j.put("task", "target", c.target().id());
        j.put("task", "predicted_column", s.columns().get(s.target()));
        j.put("data", "source", s.source());
        j.put("data", "seed", s.source().equals("built-in") ? (Object) seed : null);
        j.put("data", "rows", s.rows());
        j.put("data", "first_day", s.label(0));
        j.put("data", "last_day", s.label(s.rows() - 1));
        j.put("data", "features", s.columns());
        j.put("data", "notes", s.notes());
        j.put("data.rows_per_split", "train", r.modelRows()[0]);
        j.put("data.rows_per_split", "validation", r.modelRows()[1]);
        j.put("data.rows_per_split", "test", r.modelRows()[2]);
        j.put("data.windows_per_split", "train", r.windows()[0]);
        j.put("data.windows_per_split", "validation", r.windows()[1]);
        j.put("data.windows_per_split", "test", r.windows()[2]);
        j.put("config", "window", c.window());
        j.put("config", "hidden", c.hidden());
        j.put("config", "layers", c.layers());
        j.put("config", "bidirectional", c.bidirectional());
        j.put("config", "dropout", c.dropout());
        j.put("config", "lr", c.lr());
        j.put("config", "batch", c.batch());
        j.put("config", "max_epochs", c.epochs());
        j.put("config", "patience", c.patience());
        j.put("config", "clip_norm", c.clipNorm());
        j.put("config", "seed", seed);
        j.put("config", "train_fraction", c.trainFraction());
        j.put("config", "validation_fraction", c.validationFraction());
        j.put("backend", "name", r.backend());
        j.put("train", "epochs", r.training().epochs().size());
        j.put("train", "stopped_early", r.training().stoppedEarly());
        j.put("train", "best_epoch", r.training().restoredEpoch() + 1);
        j.put("train", "best_validation_loss", r.training().epochs().stream()
                .mapToDouble(e -> e.validationLoss()).min().orElse(Double.NaN));
        j.put("train", "seconds", r.training().seconds());
        j.put("train", "sequences_per_second", r.sequencesPerSecond());
        j.put("train", "parameters", r.parameters());
        metrics(j, "model.test", r.model());
        metrics(j, "naive.test", r.naive());
        j.put("data", "train_price_min", r.trainRange()[0]);
        j.put("data", "train_price_max", r.trainRange()[1]);
        j.put("data", "test_share_outside_train_range", r.outsideTrainRange());
        j.put("always_up.test", "directional_accuracy", r.upShare());
        j.put("model_beats_naive.test", "rmse", r.model().rmse() < r.naive().rmse());
        j.put("model_beats_naive.test", "mae", r.model().mae() < r.naive().mae());
        j.put("model_beats_naive.test", "mape", r.model().mape() < r.naive().mape());
        j.put("model_beats_naive.test", "directional_accuracy",
                r.model().directionalAccuracy() > r.naive().directionalAccuracy());
        if (!r.forecast().isEmpty()) {
            List<Object> rows = new java.util.ArrayList<>();
            for (StockResult.ForecastDay d : r.forecast()) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("day", d.day());
                m.put("price", d.price());
                m.put("log_return", d.logReturn());
                rows.add(m);
            }
            j.section("forecast").put("days", rows);
        }
        return j;
    }

    private static void metrics(JsonReport j, String section, ForecastMetrics m) {
        j.put(section, "days", m.days());
        j.put(section, "rmse", m.rmse());
        j.put(section, "mae", m.mae());
        j.put(section, "mape", m.mape());
        j.put(section, "directional_accuracy", m.directionalAccuracy());
    }

    static final class TargetConverter implements ITypeConverter<StockConfig.Target> {
        @Override
        public StockConfig.Target convert(String value) {
            for (StockConfig.Target t : StockConfig.Target.values()) {
                if (t.id().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected price or return, got '" + value + "'");
        }
    }
}
