package org.jrnn.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jrnn.train.EpochSummary;
import org.jrnn.train.TrainingListener;

/**
 * Shows a training run's progress: on a terminal a progress bar per epoch (batches done, running loss, sequences per
 * second, ETA; the validation figures added when the epoch ends), elsewhere one line per epoch
 * ({@code epoch 3/10  loss 0.4123  12345 seq/s  2.1 s}), or nothing. An epoch cut short by a step limit gets its
 * line (or bar) from {@link #close}, marked as partial. Confined to the training thread.
 */
public final class ProgressListener implements TrainingListener, AutoCloseable {

    public enum Mode {
        /**
         * A progress bar per epoch, drawn on standard output, which {@link #detect} found to be a terminal. Not on
         * stderr: the {@code rnn} script filters stderr through a line-based {@code grep}, which would hold back
         * every frame until the epoch's final newline and let it arrive after the lines printed next.
         */
        BAR,
        /** One line per epoch, on the given writer. */
        LINES,
        /** Nothing. */
        QUIET;

        /** BAR when stdin and stdout are a terminal, else LINES; QUIET when asked to be. */
        public static Mode detect(boolean quiet) {
            if (quiet) {
                return QUIET;
            }
            java.io.Console c = System.console();
            return c != null && c.isTerminal() ? BAR : LINES;
        }
    }

    /** Standard output without a buffer, so each frame (a carriage return and the bar, no newline) shows at once. */
    private static final PrintStream TERMINAL =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private final Mode mode;
    private final PrintWriter out;
    private final int epochs;

    // The epoch in progress (−1: none).
    private int epoch = -1;
    private int batches;
    private int batchesDone;
    private long sequences;
    private double lossSum;
    private long startNanos;
    private ProgressBar bar;

    /**
     * @param out    where LINES mode writes
     * @param epochs the run's epochs, for "epoch 3/10"
     */
    public ProgressListener(Mode mode, PrintWriter out, int epochs) {
        this.mode = mode;
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        batchesDone = 0;
        sequences = 0;
        lossSum = 0;
        startNanos = System.nanoTime();
        if (mode == Mode.BAR) {
            out.flush();
            bar = new ProgressBarBuilder().setTaskName(epochLabel(epoch)).setInitialMax(batches)
                    .setUpdateIntervalMillis(200).setUnit(" batches", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(TERMINAL)).build();
        }
    }

    @Override
    public void batchFinished(BatchEvent e) {
        batchesDone++;
        if (!e.skipped()) {
            sequences += e.sequences();
            lossSum += e.loss() * e.sequences();
        }
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(figures(runningLoss(), Double.NaN, null, Double.NaN, rate()));
        }
    }

    @Override
    public void epochFinished(EpochSummary s) {
        String line = figures(s.trainLoss(), s.validationLoss(), s.monitorName(), s.monitored(),
                s.sequencesPerSecond());
        if (bar != null) {
            bar.setExtraMessage(line);
            closeBar();
        } else if (mode == Mode.LINES) {
            out.println(epochLabel(s.epoch()) + "  " + line + String.format(Locale.ROOT, "  %.1f s", s.seconds()));
            out.flush();
        }
        epoch = -1;
    }

    /** Ends an epoch that a step limit cut short. */
    @Override
    public void close() {
        if (epoch < 0) {
            return;
        }
        String shown = figures(runningLoss(), Double.NaN, null, Double.NaN, rate());
        String partial = "  (stopped after " + batchesDone + " of " + batches + " batches)";
        if (bar != null) {
            bar.setExtraMessage(shown + partial);
            closeBar();
        } else if (mode == Mode.LINES) {
            out.println(epochLabel(epoch) + "  " + shown + String.format(Locale.ROOT, "  %.1f s", seconds())
                    + partial);
            out.flush();
        }
        epoch = -1;
    }

    private void closeBar() {
        bar.close();
        bar = null;
    }

    private String epochLabel(int e) {
        return "epoch " + (e + 1) + "/" + epochs;
    }

    private double runningLoss() {
        return sequences > 0 ? lossSum / sequences : Double.NaN;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double rate() {
        double s = seconds();
        return s > 0 ? sequences / s : Double.NaN;
    }

    /** {@code loss 0.4123  val_loss 0.3812  12345 seq/s}; NaN figures and a null monitor are left out. */
    private static String figures(double loss, double validationLoss, String monitor, double monitored,
                                  double perSecond) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", loss));
        if (!Double.isNaN(validationLoss)) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", validationLoss));
        }
        if (monitor != null && !monitor.equals("val_loss") && !Double.isNaN(monitored)) {
            sb.append(String.format(Locale.ROOT, "  %s %.4f", monitor, monitored));
        }
        if (!Double.isNaN(perSecond)) {
            sb.append(String.format(Locale.ROOT, "  %.0f seq/s", perSecond));
        }
        return sb.toString();
    }
}
