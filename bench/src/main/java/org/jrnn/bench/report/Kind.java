package org.jrnn.bench.report;

import java.util.Locale;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.bench.jmh.ForwardBenchmark;
import org.jrnn.bench.jmh.GemmBenchmark;
import org.jrnn.bench.jmh.ModelTrainStepBenchmark;
import org.jrnn.bench.jmh.StepBenchmark;
import org.jrnn.bench.jmh.TrainStepBenchmark;
import org.jrnn.bench.shapes.GemmShape;
import org.jrnn.bench.shapes.SeqShape;

/**
 * What a result measures, its time unit and its FLOP convention:
 * <ul>
 *   <li>forward: {@link RnnSpec#forwardFlops} (gate GEMMs only, 2 per multiply-add);</li>
 *   <li>train: 3x forward (forward, plus backward's two GEMM-sized products: dh/dx and dW), SGD not counted;</li>
 *   <li>model: as train, 3x the recurrent layer's forward; the embedding, head, loss and Adam are not counted (at the
 *       sentiment shape they are under 1 % of the gate GEMMs' FLOPs, though not of the time);</li>
 *   <li>step: forwardFlops over one step at batch 1;</li>
 *   <li>gemm: 2*m*n*k.</li>
 * </ul>
 */
public enum Kind {
    FORWARD("forward", "ms", ForwardBenchmark.class, "inference over a whole sequence"),
    TRAIN("train", "ms", TrainStepBenchmark.class, "training step: forward + backward + SGD"),
    MODEL("model", "ms", ModelTrainStepBenchmark.class,
            "full training step through the Trainer: embedding + LSTM + head + CE + Adam"),
    STEP("step", "us", StepBenchmark.class, "single-step streaming latency, batch 1"),
    GEMM("gemm", "ms", GemmBenchmark.class, "SGEMM kernel alone");

    public static final double TRAIN_FLOPS_FACTOR = 3.0;
    /** The model kind is an LSTM, whatever {@code --cells} says: it is compared with the bare LSTM train step. */
    public static final String MODEL_CELL = "lstm";
    /** Target of the model kind: its median over the bare train step's, same backend and shape. */
    public static final double MODEL_OVERHEAD_TARGET = 1.10;
    /** Target of the model kind on the baseline backend: its median over PyTorch's ({@value #MODEL_PEER}). */
    public static final double MODEL_VS_PEER_TARGET = 2.0 / 3.0;
    public static final String MODEL_PEER = "pytorch-cpu";

    private final String id;
    private final String unit;
    private final Class<?> benchmark;
    private final String title;

    Kind(String id, String unit, Class<?> benchmark, String title) {
        this.id = id;
        this.unit = unit;
        this.benchmark = benchmark;
        this.title = title;
    }

    public String id() {
        return id;
    }

    /** "ms" or "us" (written µs in Markdown). */
    public String unit() {
        return unit;
    }

    public Class<?> benchmark() {
        return benchmark;
    }

    public String title() {
        return title;
    }

    /** Seconds per unit. */
    public double unitSeconds() {
        return "us".equals(unit) ? 1e-6 : 1e-3;
    }

    /** FLOPs of one measured operation on a problem of the given dims ("BxTxIxH" or, for gemm, "MxNxK"). */
    public double flops(String dims, String cell) {
        if (this == GEMM) {
            return GemmShape.ofDims(dims).flops();
        }
        SeqShape s = SeqShape.ofDims(dims);
        double f = RnnSpec.of(CellType.parse(cell), s.input(), s.hidden()).forwardFlops(s.steps(), s.batch());
        return this == TRAIN || this == MODEL ? TRAIN_FLOPS_FACTOR * f : f;
    }

    public static Kind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Kind k : values()) {
            if (k.id.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown benchmark kind '" + text + "': expected forward, train, model, step or gemm");
    }
}
