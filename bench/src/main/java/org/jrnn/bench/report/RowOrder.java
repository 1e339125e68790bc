package org.jrnn.bench.report;

import java.util.Comparator;
import java.util.List;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.GemmShape;
import org.jrnn.bench.shapes.SeqShape;

/** Table order: kind, shape as listed in {@link BenchShapes}, cell, then the baseline before other backends. */
final class RowOrder {
    private static final List<String> CELLS = List.of("rnn_tanh", "rnn_relu", "lstm", "gru", "sgemm");

    private RowOrder() {}

    static Comparator<ResultRow> comparator(String baseline) {
        return Comparator.comparingInt((ResultRow r) -> kindIndex(r.kind()))
                .thenComparingInt(r -> shapeIndex(r.shape()))
                .thenComparing(ResultRow::shape)
                .thenComparingInt(r -> index(CELLS, r.cell()))
                .thenComparing(ResultRow::cell)
                .thenComparingInt(r -> r.backend().equals(baseline) ? 0 : 1)
                .thenComparing(ResultRow::backend);
    }

    private static int kindIndex(String kind) {
        for (Kind k : Kind.values()) {
            if (k.id().equals(kind)) {
                return k.ordinal();
            }
        }
        return Kind.values().length;
    }

    private static int shapeIndex(String shape) {
        int i = 0;
        for (SeqShape s : BenchShapes.SEQUENCE) {
            if (s.name().equals(shape)) {
                return i;
            }
            i++;
        }
        for (SeqShape s : BenchShapes.STEP) {
            if (s.name().equals(shape)) {
                return i;
            }
            i++;
        }
        for (GemmShape g : BenchShapes.GEMM) {
            if (g.name().equals(shape)) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static int index(List<String> list, String v) {
        int i = list.indexOf(v);
        return i < 0 ? list.size() : i;
    }
}
