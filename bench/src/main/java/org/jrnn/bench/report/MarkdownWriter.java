package org.jrnn.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a {@link ReportData} as Markdown: context, peak, conventions, one table per kind, what did not run. */
public final class MarkdownWriter {
    private MarkdownWriter() {}

    /** @param charts relative paths of the PNG charts, keyed by kind id, in display order */
    public static String render(ReportData d, Map<String, List<String>> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("# jrnn benchmark report (").append(d.profile()).append(")\n\n");
        for (String line : d.context()) {
            sb.append("- ").append(line).append('\n');
        }
        peak(sb, d.peak());
        conventions(sb, d.baseline());
        for (Kind k : Kind.values()) {
            List<ResultRow> rows = d.rows().stream().filter(r -> r.kind().equals(k.id()) && r.ok()).toList();
            if (!rows.isEmpty()) {
                table(sb, k, rows, d.baseline());
                for (String png : charts.getOrDefault(k.id(), List.of())) {
                    sb.append("\n![").append(png).append("](").append(png).append(")\n");  // blank line ends the table
                }
                if (k == Kind.MODEL) {
                    modelVsTrain(sb, d.rows(), d.baseline(), d.peers());
                }
            }
        }
        notRun(sb, d.rows());
        if (!d.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            for (String n : d.notes()) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    private static void peak(StringBuilder sb, PeakSummary p) {
        sb.append("\n## FP32 peak, measured in this run\n\nFMA loop: best measurement iteration; SGEMM: from its median."
                + "\n\n| measure | GFLOP/s |\n|---|---:|\n");
        sb.append("| FMA register loop (FloatVector, no memory), 1 thread | ").append(Format.sig(p.fmaOneThread()))
                .append(" |\n");
        sb.append("| FMA register loop, ").append(p.threads()).append(" threads (denominator of % peak) | ")
                .append(Format.sig(p.fmaAllThreads())).append(" |\n");
        sb.append("| cpu-simd SGEMM at its best shape").append(p.sgemmBestShape().isEmpty() ? "" : ", "
                + p.sgemmBestShape()).append(" | ").append(Format.sig(p.sgemmBest())).append(" |\n");
    }

    private static void conventions(StringBuilder sb, String baseline) {
        sb.append("\n## Conventions\n\n");
        sb.append("- median: JMH `Mode.SampleTime` p50 over every timed invocation of all measurement iterations "
                + "(peers, PyTorch and oneDNN: median of timed repeats after a warm-up); ± is half the interquartile "
                + "range (p75 − p25) / 2.\n");
        sb.append("- GFLOP/s: gate-GEMM FLOPs (`RnnSpec.forwardFlops`, 2 per multiply-add) / median; training step "
                + "= 3 × forward (SGD update not counted); model = 3 × the LSTM's forward (embedding, head, loss and Adam not "
                + "counted); step = one time step at batch 1; gemm = 2·m·n·k.\n");
        sb.append("- % peak: GFLOP/s over the all-threads FMA peak above (CPU backends only); above 100 % means the peak"
                + " run was disturbed by other load.\n");
        sb.append("- vs ").append(baseline).append(": ").append(baseline)
                .append("'s median / this median; above 1× is faster than ").append(baseline).append(".\n");
        sb.append("- inputs and parameters come from fixed seeds; one forked JVM per benchmark; the reference backend"
                + " runs only small shapes; the training step's SGD update is the backend's own TensorOps.sgdStep, on"
                + " its memory (no host copy).\n");
    }

    /**
     * The model kind's targets: its median over the bare LSTM train step's (same backend and shape; the overhead of
     * the embedding, head, loss, Adam and batch copy) and the baseline's model median over PyTorch's.
     */
    private static void modelVsTrain(StringBuilder sb, List<ResultRow> rows, String baseline, Set<String> peers) {
        List<ResultRow> model = rows.stream().filter(r -> r.ok() && r.kind().equals(Kind.MODEL.id())).toList();
        List<String> lines = new ArrayList<>();
        for (ResultRow m : model) {
            ResultRow train = find(rows, Kind.TRAIN, m.shape(), m.cell(), m.backend());
            String what = m.shape() + " (" + m.dims() + "), " + m.backend() + ": model / train = ";
            if (train == null) {
                lines.add(what + "n/a (no bare train row of " + m.cell() + " on this shape in this run)");
                continue;
            }
            double ratio = m.median() / train.median();
            lines.add(what + String.format(java.util.Locale.ROOT, "%.3f", ratio) + " ("
                    + Format.sig(m.median()) + " / " + Format.sig(train.median()) + " " + Format.unit(m.unit()) + "; "
                    + (peers.contains(m.backend()) ? "peer, for comparison" : "target ≤ "
                    + String.format(java.util.Locale.ROOT, "%.2f", Kind.MODEL_OVERHEAD_TARGET) + ": "
                    + (ratio <= Kind.MODEL_OVERHEAD_TARGET ? "met" : "NOT met")) + ")");
        }
        for (ResultRow m : model) {
            if (!m.backend().equals(baseline)) {
                continue;
            }
            ResultRow peer = find(rows, Kind.MODEL, m.shape(), m.cell(), Kind.MODEL_PEER);
            if (peer != null) {
                double ratio = m.median() / peer.median();
                lines.add(m.shape() + ": " + baseline + " / " + Kind.MODEL_PEER + " (model) = "
                        + String.format(java.util.Locale.ROOT, "%.3f", ratio) + " (target ≤ 0.67: "
                        + (ratio <= Kind.MODEL_VS_PEER_TARGET ? "met" : "NOT met") + ")");
            } else {
                lines.add(m.shape() + ": " + baseline + " / " + Kind.MODEL_PEER + " (model) = n/a (no "
                        + Kind.MODEL_PEER + " model row)");
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        sb.append("\nFull step against the bare step of the same shape (median over median; ratios of noisy medians):\n\n");
        for (String l : lines) {
            sb.append("- ").append(l).append('\n');
        }
    }

    private static ResultRow find(List<ResultRow> rows, Kind kind, String shape, String cell, String backend) {
        return rows.stream().filter(r -> r.ok() && r.kind().equals(kind.id()) && r.shape().equals(shape)
                && r.cell().equals(cell) && r.backend().equals(backend)).findFirst().orElse(null);
    }

    private static void table(StringBuilder sb, Kind k, List<ResultRow> rows, String baseline) {
        String u = Format.unit(k.unit());
        sb.append("\n## ").append(k.id()).append(": ").append(k.title()).append(" (").append(u).append(")\n\n");
        sb.append("| shape | dims | cell | backend | median ").append(u).append(" | ± | p99 | GFLOP/s | % peak | vs ")
                .append(baseline).append(" |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ResultRow r : rows) {
            sb.append("| ").append(r.shape()).append(" | ").append(r.dims()).append(" | ").append(r.cell())
                    .append(" | ").append(r.backend()).append(" | ").append(Format.sig(r.median())).append(" | ")
                    .append(Format.sig(r.error())).append(" | ").append(Format.sig(r.p99())).append(" | ")
                    .append(Format.sig(r.gflops())).append(" | ").append(Format.percent(r.peakFraction()))
                    .append(" | ").append(Format.ratio(r.vsBaseline())).append(" |\n");
        }
    }

    /** Skipped and failed rows, grouped by backend, status and reason (an absent GPU would repeat 50 times). */
    private static void notRun(StringBuilder sb, List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!r.ok()) {
                groups.computeIfAbsent(r.backend() + "\u0000" + r.status() + "\u0000" + r.note(),
                        x -> new ArrayList<>()).add(r);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        sb.append("\n## Not measured\n\n| backend | status | runs | which | reason |\n|---|---|---:|---|---|\n");
        for (List<ResultRow> g : groups.values()) {
            ResultRow first = g.get(0);
            List<String> which = g.stream().map(r -> r.kind() + "/" + r.shape() + "/" + r.cell()).distinct().toList();
            String shown = which.size() <= 4 ? String.join(", ", which) : String.join(", ", which.subList(0, 3))
                    + ", … (" + which.size() + ")";
            sb.append("| ").append(first.backend()).append(" | ").append(first.status().toUpperCase(java.util.Locale.ROOT))
                    .append(" | ").append(g.size()).append(" | ").append(shown).append(" | ")
                    .append(first.note().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
    }
}
