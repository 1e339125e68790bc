package org.jrnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jrnn.backend.Backend;
import org.jrnn.examples.JsonReport;
import org.jrnn.examples.sentiment.Scores;
import org.jrnn.examples.sentiment.SentimentConfig;
import org.jrnn.examples.sentiment.SentimentTask;
import org.jrnn.nn.ModelSpec;
import org.jrnn.train.EpochSummary;

/** What {@code rnn sentiment} prints after training, and its {@code --json} report. */
final class SentimentReport {
    private SentimentReport() {}

    static void print(PrintWriter out, Backend backend, SentimentConfig c, SentimentTask.Data data,
                        SentimentTask.Result r) {
        ModelSpec s = r.model().network().spec();
        List<EpochSummary> epochs = r.training().epochs();
        out.printf(Locale.ROOT, "model: embedding %d x %d, %s %d%s%s, %s readout, linear head (%d parameters) on"
                        + " backend %s%n", r.vocabulary(), c.embedding(), c.cell().id(), c.hidden(),
                c.layers() > 1 ? " x " + c.layers() + " layers" : "", c.bidirectional() ? " bidirectional" : "",
                s.readout().id(), r.model().network().parameterCount(), backend.name());
        out.printf(Locale.ROOT, "trained %d epoch%s in %.1f s (%.0f sequences/s, batches of %d by length, %.1f%%"
                        + " padding)%s%n", epochs.size(), epochs.size() == 1 ? "" : "s", r.trainSeconds(),
                r.sequencesPerSecond(), c.batch(), 100 * r.paddingFraction(),
                r.training().restoredEpoch() >= 0 ? "; best validation accuracy "
                        + String.format(Locale.ROOT, "%.4f", epochs.get(r.training().restoredEpoch()).monitored())
                        + " at epoch " + (r.training().restoredEpoch() + 1) + ", restored" : "");
        out.println();
        out.printf(Locale.ROOT, "test (%d texts)      accuracy  precision  recall  f1%n", data.test().size());
        row(out, c.cell().id(), r.scores());
        row(out, "bag of words", r.baseline());
        out.println();
        out.println("confusion matrix (" + c.cell().id() + "), rows actual, columns predicted:");
        out.printf(Locale.ROOT, "              neg     pos%n  actual neg  %6d  %6d%n  actual pos  %6d  %6d%n",
                r.scores().count(0, 0), r.scores().count(0, 1), r.scores().count(1, 0), r.scores().count(1, 1));
        out.printf(Locale.ROOT, "%n%s %s the bag of words by %.1f points of accuracy%n", c.cell().id(),
                r.scores().accuracy() >= r.baseline().accuracy() ? "beats" : "trails",
                100 * Math.abs(r.scores().accuracy() - r.baseline().accuracy()));
        out.flush();
    }

    private static void row(PrintWriter out, String name, Scores s) {
        out.printf(Locale.ROOT, "  %-17s %8.4f  %9.4f  %6.4f  %6.4f%n", name, s.accuracy(), s.precision(),
                s.recall(), s.f1());
    }

    static JsonReport json(Backend backend, SentimentConfig c, SentimentTask.Data data, SentimentTask.Result r) {
        JsonReport j = new JsonReport();
        j.put("data", "train", data.train().source()).put("data", "validation", data.validation().source())
                .put("data", "test", data.test().source())
                .put("data", "train_rows", data.train().size()).put("data", "validation_rows", data.validation().size())
                .put("data", "test_rows", data.test().size()).put("data", "vocabulary", r.vocabulary());
        j.put("run", "backend", backend.name()).put("run", "seed", c.seed()).put("run", "cell", c.cell().id())
                .put("run", "hidden", c.hidden()).put("run", "embedding", c.embedding())
                .put("run", "batch", c.batch()).put("run", "lr", (double) c.lr())
                .put("run", "max_len", c.maxLen()).put("run", "epochs", r.training().epochs().size())
                .put("run", "best_epoch", r.training().restoredEpoch() + 1)
                .put("run", "train_seconds", r.trainSeconds())
                .put("run", "sequences_per_second", r.sequencesPerSecond())
                .put("run", "padding_fraction", r.paddingFraction());
        scores(j, "model", r.scores());
        scores(j, "baseline", r.baseline());
        j.put("baseline", "l2", r.baselineLambda());
        return j;
    }

    private static void scores(JsonReport j, String section, Scores s) {
        j.put(section, "accuracy", s.accuracy()).put(section, "precision", s.precision())
                .put(section, "recall", s.recall()).put(section, "f1", s.f1())
                .put(section, "confusion", List.of(List.of(s.count(0, 0), s.count(0, 1)),
                        List.of(s.count(1, 0), s.count(1, 1))));
    }

}
