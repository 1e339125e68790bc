package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jrnn.train.EpochSummary;
import org.jrnn.train.TrainerState;
import org.jrnn.train.TrainingListener.BatchEvent;
import org.junit.jupiter.api.Test;

/** {@link ProgressListener}'s lines, fed events as a Trainer would. */
class TrainingProgressTest {
    private static BatchEvent batch(int epoch, int k, long step, double loss) {
        return new BatchEvent(epoch, k, 2, step, loss, 8, false, TrainerState.START);
    }

    @Test
    void linesShowValidationAndOtherMonitors() {
        StringWriter sw = new StringWriter();
        try (ProgressListener p = new ProgressListener(ProgressListener.Mode.LINES, new PrintWriter(sw), 10)) {
            p.epochStarted(2, 2);
            p.batchFinished(batch(2, 0, 5, 0.5));
            p.batchFinished(batch(2, 1, 6, 0.3));
            p.epochFinished(new EpochSummary(2, 0.41234, 0.38, "accuracy", 0.875, 16, 2.06, 0, true));
        }
        assertEquals(List.of("epoch 3/10  loss 0.4123  val_loss 0.3800  accuracy 0.8750  8 seq/s  2.1 s"),
                sw.toString().lines().toList());
    }

    @Test
    void withoutValidationThereIsNoValidationFigure() {
        StringWriter sw = new StringWriter();
        try (ProgressListener p = new ProgressListener(ProgressListener.Mode.LINES, new PrintWriter(sw), 1)) {
            p.epochStarted(0, 2);
            p.epochFinished(new EpochSummary(0, 1.0, Double.NaN, null, Double.NaN, 100, 0.5, 0, false));
        }
        assertEquals(List.of("epoch 1/1  loss 1.0000  200 seq/s  0.5 s"), sw.toString().lines().toList());
    }

    @Test
    void aCutShortEpochIsMarked() {
        StringWriter sw = new StringWriter();
        try (ProgressListener p = new ProgressListener(ProgressListener.Mode.LINES, new PrintWriter(sw), 4)) {
            p.epochStarted(3, 2);
            p.batchFinished(batch(3, 0, 7, 0.25));
        }
        String line = sw.toString().strip();
        assertTrue(line.startsWith("epoch 4/4  loss 0.2500  ") && line.endsWith("(stopped after 1 of 2 batches)"),
                line);
    }

    @Test
    void quietSaysNothing() {
        StringWriter sw = new StringWriter();
        try (ProgressListener p = new ProgressListener(ProgressListener.Mode.QUIET, new PrintWriter(sw), 1)) {
            p.epochStarted(0, 1);
            p.batchFinished(batch(0, 0, 1, 0.1));
            p.epochFinished(new EpochSummary(0, 0.1, Double.NaN, null, Double.NaN, 8, 0.1, 0, false));
        }
        assertEquals("", sw.toString());
    }
}
