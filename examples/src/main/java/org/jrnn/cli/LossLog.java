package org.jrnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrnn.train.TrainingListener;

/**
 * {@code --losses FILE.csv}: a header, then one line per optimizer step, {@code step,epoch,batch,loss}, with the step
 * count after it (1, 2, …), the 1-based epoch and batch within the epoch, and the batch's mean loss as the shortest
 * decimal that reads back to the same float. Skipped batches take no step and get no line.
 */
final class LossLog implements TrainingListener, AutoCloseable {
    static final String HEADER = "step,epoch,batch,loss";

    private final BufferedWriter writer;

    LossLog(Path file) throws IOException {
        writer = Files.newBufferedWriter(file);
        writer.write(HEADER);
        writer.newLine();
    }

    @Override
    public void batchFinished(BatchEvent e) {
        if (e.skipped()) {
            return;
        }
        try {
            writer.write(e.step() + "," + (e.epoch() + 1) + "," + (e.batch() + 1) + "," + (float) e.loss());
            writer.newLine();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
