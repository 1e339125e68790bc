package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jrnn.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn stock} end to end on small built-in data and small CSV files (few epochs, a small LSTM). */
class StockCommandTest {
    /** Small and quick: 300 built-in days (210/45/45 rows), 3 epochs of an LSTM of 8 units. */
    private static final String[] SMALL = {"stock", "--days", "300", "--epochs", "3", "--hidden", "8"};

    @TempDir
    Path dir;

    private static Cli.Result stock(String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The --json file, its non-integer numbers as strings (the core's JSON reader takes integers only). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path p) throws Exception {
        String text = Files.readString(p).replaceAll("(?<=[:\\[,] ?)(-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?)(?=[,\\]\\n])",
                "\"$1\"");
        text = text.replaceAll("\"(-?\\d+)\"", "$1");
        return (Map<String, Object>) Json.parse(text);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> m, String path) {
        Object o = m;
        for (String part : path.split("\\.")) {
            assertTrue(o instanceof Map, path);
            o = ((Map<String, Object>) o).get(part);
            assertNotNull(o, "missing " + path);
        }
        return o;
    }

    /** A Yahoo-style file of n weekdays of a noisy sine, with the given extra lines appended raw. */
    private Path yahoo(int n, String... extra) throws IOException {
        StringBuilder sb = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 2);
        for (int i = 0; i < n; i++) {
            double c = 100 + 10 * Math.sin(i / 7.0) + (i % 3);
            sb.append(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d%n", d, c - 0.5, c + 1, c - 1, c,
                    c * 0.98, 1000 + i));
            d = org.jrnn.examples.stock.BusinessDays.next(d);
        }
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        Path p = dir.resolve("prices.csv");
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void builtInRunReportsModelBesideNaive() {
        Cli.Result r = stock();
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.contains("data: built-in, 300 business days from 2019-01-02 drawn from seed 42"), out);
        assertTrue(out.contains("mean-reverting"), out);
        assertTrue(out.contains("split by time 70/15/15: 210/45/45 rows, 200/35/35 windows"), out);
        assertTrue(out.contains("epoch 1/3"), out);
        for (String metric : List.of("RMSE", "MAE", "MAPE", "directional accuracy")) {
            assertTrue(out.lines().anyMatch(l -> l.trim().startsWith(metric) && (l.endsWith("yes")
                    || l.endsWith("no"))), metric + " line with a verdict:\n" + out);
        }
        assertTrue(out.contains("close to a random walk"), out);
    }

    @Test
    void quietPrintsOnlyTheResults() {
        Cli.Result r = stock("--quiet");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(!r.out().contains("epoch") && r.out().contains("RMSE"), r.out());
    }

    @Test
    void returnTargetReportsPriceUnits() throws Exception {
        Path j = dir.resolve("r.json");
        Cli.Result r = stock("--target", "return", "--json", j.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("target next-day log return"), r.out());
        Map<String, Object> m = json(j);
        assertEquals("return", at(m, "task.target"));
        assertEquals(209L, at(m, "data.rows_per_split.train"));
        double model = Double.parseDouble((String) at(m, "model.test.rmse"));
        double naive = Double.parseDouble((String) at(m, "naive.test.rmse"));
        assertTrue(model > 0 && naive > 0 && model < 10 * naive, model + " vs " + naive);
    }

    @Test
    void jsonHasEveryFigure() throws Exception {
        Path j = dir.resolve("s.json");
        assertEquals(0, stock("--json", j.toString(), "-q").exit());
        Map<String, Object> m = json(j);
        for (String key : List.of("model.test.rmse", "model.test.mae", "model.test.mape",
                "model.test.directional_accuracy", "naive.test.rmse", "naive.test.mae", "naive.test.mape",
                "naive.test.directional_accuracy", "model_beats_naive.test.rmse", "always_up.test.directional_accuracy",
                "data.source", "data.seed", "data.rows", "data.rows_per_split.train", "data.rows_per_split.validation",
                "data.rows_per_split.test", "data.windows_per_split.test", "backend.name", "train.seconds",
                "train.sequences_per_second", "train.epochs", "config.lr", "config.hidden")) {
            at(m, key);
        }
        assertEquals("built-in", at(m, "data.source"));
        assertEquals(42L, at(m, "data.seed"));
        assertEquals(45L, at(m, "data.rows_per_split.test"));
        assertEquals(35L, at(m, "model.test.days"));
    }

    @Test
    void sameSeedSameMetricsOtherSeedOthers() throws Exception {
        String[] keys = {"model.test.rmse", "model.test.mae", "model.test.mape", "model.test.directional_accuracy"};
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        List<Object> c = new ArrayList<>();
        Path ja = dir.resolve("a.json");
        Path jb = dir.resolve("b.json");
        Path jc = dir.resolve("c.json");
        assertEquals(0, stock("-q", "--seed", "5", "--json", ja.toString()).exit());
        assertEquals(0, stock("-q", "--seed", "5", "--json", jb.toString()).exit());
        assertEquals(0, stock("-q", "--seed", "6", "--json", jc.toString()).exit());
        for (String k : keys) {
            a.add(at(json(ja), k));
            b.add(at(json(jb), k));
            c.add(at(json(jc), k));
        }
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void plotWritesADecodablePng() throws IOException {
        Path png = dir.resolve("chart.png");
        Cli.Result r = stock("-q", "--plot", png.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.size(png) > 0);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO decodes the chart");
        assertEquals(900, img.getWidth());
        assertEquals(450, img.getHeight());
    }

    @Test
    void plotWithoutDates() throws IOException {
        StringBuilder sb = new StringBuilder("Close\n");
        for (int i = 0; i < 120; i++) {
            sb.append(100 + 5 * Math.sin(i / 5.0)).append('\n');
        }
        Path csv = dir.resolve("nodates.csv");
        Files.writeString(csv, sb);
        Path png = dir.resolve("nodates.png");
        Cli.Result r = Cli.run("stock", "--csv", csv.toString(), "--epochs", "2", "--hidden", "4", "--plot",
                png.toString(), "--horizon", "2");
        assertEquals(0, r.exit(), r.toString());
        assertNotNull(ImageIO.read(png.toFile()));
        assertTrue(r.out().contains("day 121") && r.out().contains("day 122"), r.out());
    }

    @Test
    void horizonForecastsBusinessDays() {
        Cli.Result r = stock("-q", "--horizon", "3");
        assertEquals(0, r.exit(), r.toString());
        // 300 business days from Wed 2019-01-02 end on Tue 2020-02-25
        assertTrue(r.out().contains("2020-02-26") && r.out().contains("2020-02-27") && r.out().contains("2020-02-28"),
                r.out());
    }

    @Test
    void returnTargetWithAllBuiltInFeaturesAndAHorizonOfTheCloseAlone() {
        Cli.Result all = stock("-q", "--target", "return", "--features", "Open,High,Low,Close,Volume");
        assertEquals(0, all.exit(), all.toString());
        Cli.Result h = stock("-q", "--target", "return", "--horizon", "2");
        assertEquals(0, h.exit(), h.toString());
        assertTrue(h.out().contains("2020-02-26") && h.out().contains("2020-02-27"), h.out());
        Cli.Result w = stock("--window", "0");
        assertEquals(Main.EXIT_USAGE, w.exit(), w.toString());
        assertEquals("rnn: error: --window must be at least 1, got 0", w.errLines().getFirst());
    }

    @Test
    void yahooCsvWithBadRowsFailsNamingTheLine() throws IOException {
        Path csv = yahoo(200, "2020-12-01,null,null,null,null,null,null");
        Cli.Result r = Cli.run("stock", "--csv", csv.toString(), "--epochs", "2", "--hidden", "4");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("rnn: error: prices.csv: 1 bad row") && r.err().contains("line 202"), r.err());
    }

    @Test
    void yahooCsvSkippingBadRowsSaysWhich() throws IOException {
        Path csv = yahoo(200, "2020-12-01,null,null,null,null,null,null", "2020-12-02,1,2,3,,5,6");
        Cli.Result r = Cli.run("stock", "--csv", csv.toString(), "--epochs", "2", "--hidden", "4", "--skip-bad-rows",
                "--features", "Open,High,Low,Close,Volume");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("note: skipped 2 bad rows: line 202: Open is 'null'"), r.out());
        assertTrue(r.out().contains("line 203: Close is empty"), r.out());
        assertTrue(r.out().contains("columns Open,High,Low,Close,Volume"), r.out());
    }

    @Test
    void tooFewRowsIsAClearError() throws IOException {
        Cli.Result r = Cli.run("stock", "--csv", yahoo(8).toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("rnn: error: prices.csv has 8 rows, fewer than window 10 + horizon 1", r.err().strip());
        Cli.Result parts = Cli.run("stock", "--csv", yahoo(40).toString());
        assertEquals(1, parts.exit(), parts.toString());
        assertTrue(parts.err().contains("prices.csv has 40 rows: too few to give every part of the 70/15/15 split"
                + " a window of 10 days and its next day; that needs at least 74 rows"), parts.err());
    }

    @Test
    void usageErrors() throws IOException {
        Cli.Result t = Cli.run("stock", "--target", "volatility");
        assertEquals(2, t.exit(), t.toString());
        assertTrue(t.err().contains("expected price or return"), t.err());
        Cli.Result f = Cli.run("stock", "--skip-bad-rows");
        assertEquals(Main.EXIT_USAGE, f.exit(), f.toString());
        assertTrue(f.err().contains("apply to --csv files"), f.err());
        Cli.Result c = Cli.run("stock", "--features", "Open,Volume");
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.err().contains("must include the predicted column Close"), c.err());
        Cli.Result h = Cli.run("stock", "--csv", yahoo(200).toString(), "--features", "Open,Close", "--horizon", "2");
        assertEquals(1, h.exit(), h.toString());
        assertTrue(h.err().contains("--horizon forecasts by feeding each forecast back"), h.err());
        Cli.Result missing = Cli.run("stock", "--csv", dir.resolve("nope.csv").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("rnn: error: file not found"), missing.err());
    }
}
