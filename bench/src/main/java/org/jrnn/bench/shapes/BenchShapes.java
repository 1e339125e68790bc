package org.jrnn.bench.shapes;

import java.util.List;

/**
 * Every benchmark shape, in one place. {@code bench/shapes.csv} is generated from this list
 * ({@code benchmarks.jar shapes}) for the PyTorch script, and a test checks the two agree.
 */
public final class BenchShapes {
    private BenchShapes() {}

    /** Whole-sequence shapes for the forward and training-step benchmarks. */
    public static final List<SeqShape> SEQUENCE = List.of(
            new SeqShape("h256", 64, 100, 256, 256, true, "mid-size layer"),
            new SeqShape("h512", 64, 100, 512, 512, false, "large layer"),
            new SeqShape("h1024", 32, 50, 1024, 1024, false, "very large layer, short sequences"),
            new SeqShape("batch1", 1, 100, 128, 128, false, "one sequence (GEMV-bound)"),
            new SeqShape("stock", 64, 100, 1, 50, true, "stock example: one price per step"),
            new SeqShape("sentiment", 64, 200, 128, 128, false, "sentiment example: embeddings of 128"));

    /**
     * Sequence shapes of the full-model training step (kind model, in both profiles): those whose I is an embedding
     * dimension. bench/pytorch/bench_torch.py repeats this list as MODEL_SHAPES.
     */
    public static final List<String> MODEL = List.of("sentiment");

    /** Single-step streaming shapes: batch 1, one step, I = H. */
    public static final List<SeqShape> STEP = List.of(
            new SeqShape("step128", 1, 1, 128, 128, false, "streaming, H=128"),
            new SeqShape("step256", 1, 1, 256, 256, true, "streaming, H=256"),
            new SeqShape("step512", 1, 1, 512, 512, false, "streaming, H=512"));

    /** SGEMM alone; sq2048 is the usual peak shape and the one PyTorch is compared on. */
    public static final List<GemmShape> GEMM = List.of(
            new GemmShape("sq2048", 2048, 2048, 2048, false, "square, peak shape"),
            new GemmShape("sq1024", 1024, 1024, 1024, true, "square"),
            new GemmShape("proj256", 6400, 1024, 256, false, "LSTM input projection of h256: T*B x 4H x I"),
            new GemmShape("rec256", 64, 1024, 256, true, "LSTM recurrent step of h256: B x 4H x H"),
            new GemmShape("gemv512", 1, 2048, 512, false, "LSTM recurrent step at batch 1, H=512"));

    /** A named sequence or step shape, or an ad-hoc "BxTxIxH". */
    public static SeqShape sequence(String nameOrDims) {
        for (SeqShape s : SEQUENCE) {
            if (s.name().equals(nameOrDims)) {
                return s;
            }
        }
        for (SeqShape s : STEP) {
            if (s.name().equals(nameOrDims)) {
                return s;
            }
        }
        return SeqShape.ofDims(nameOrDims);
    }

    /** A named GEMM shape, or an ad-hoc "MxNxK". */
    public static GemmShape gemm(String nameOrDims) {
        for (GemmShape g : GEMM) {
            if (g.name().equals(nameOrDims)) {
                return g;
            }
        }
        return GemmShape.ofDims(nameOrDims);
    }
}
