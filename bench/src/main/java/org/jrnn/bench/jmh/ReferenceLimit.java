package org.jrnn.bench.jmh;

import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.bench.shapes.SeqShape;

/**
 * The reference backend is written for clarity, roughly 100x slower than cpu-simd: it runs only shapes whose
 * LSTM forward pass is at most {@link #MAX_FORWARD_FLOPS}, so that a full report stays within minutes.
 */
public final class ReferenceLimit {
    public static final String BACKEND = "reference";
    public static final double MAX_FORWARD_FLOPS = 0.2e9;

    private ReferenceLimit() {}

    public static boolean allows(String backend, SeqShape shape) {
        if (!BACKEND.equals(backend)) {
            return true;
        }
        RnnSpec lstm = RnnSpec.of(CellType.LSTM, shape.input(), shape.hidden());
        return lstm.forwardFlops(shape.steps(), shape.batch()) <= MAX_FORWARD_FLOPS;
    }

    public static String reason(SeqShape shape) {
        return "reference backend excluded on " + shape.name() + " (" + shape.dims() + "): it is ~100x slower and runs"
                + " only shapes up to " + MAX_FORWARD_FLOPS / 1e9 + " GFLOP per LSTM forward pass";
    }

    /** Fails a benchmark's setup on an excluded combination, so a plain JMH run cannot take hours. */
    public static void check(String backend, SeqShape shape) {
        if (!allows(backend, shape)) {
            throw new IllegalStateException(reason(shape));
        }
    }
}
