package org.jrnn.bench.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fills the derived columns: GFLOP/s, fraction of peak and the ratio to the baseline backend. */
public final class Derive {
    private Derive() {}

    /** GPU backends are not compared with the CPU's peak. */
    static boolean comparesWithCpuPeak(String backend) {
        return !backend.contains("cuda") && !backend.contains("gpu");
    }

    public static List<ResultRow> complete(List<ResultRow> rows, PeakSummary peak, String baseline) {
        Map<String, Double> baseMedian = new HashMap<>();
        for (ResultRow r : rows) {
            if (r.ok() && r.backend().equals(baseline)) {
                baseMedian.put(r.problemKey(), r.median());
            }
        }
        return rows.stream().map(r -> {
            if (!r.ok()) {
                return r.withDerived(Double.NaN, Double.NaN, Double.NaN);
            }
            double gflops = gflops(r);
            double fraction = comparesWithCpuPeak(r.backend()) ? gflops / peak.fmaAllThreads() : Double.NaN;
            Double base = baseMedian.get(r.problemKey());
            double ratio = base == null ? Double.NaN : base / r.median();
            return r.withDerived(gflops, fraction, ratio);
        }).toList();
    }

    /** The best SGEMM rate among ok gemm rows of {@code backend}, into the peak summary. */
    public static PeakSummary withSgemmBest(PeakSummary peak, List<ResultRow> completed, String backend) {
        ResultRow best = null;
        for (ResultRow r : completed) {
            if (r.ok() && r.kind().equals(Kind.GEMM.id()) && r.backend().equals(backend)
                    && (best == null || r.gflops() > best.gflops())) {
                best = r;
            }
        }
        return best == null ? peak : peak.withSgemm(best.gflops(), best.shape() + " (" + best.dims() + ")");
    }

    private static double gflops(ResultRow r) {
        try {
            Kind kind = Kind.parse(r.kind());
            double seconds = r.median() * kind.unitSeconds();
            return kind.flops(r.dims(), r.cell()) / seconds / 1e9;
        } catch (IllegalArgumentException e) {
            return Double.NaN;  // a peer row of a kind or dims this version does not know
        }
    }
}
