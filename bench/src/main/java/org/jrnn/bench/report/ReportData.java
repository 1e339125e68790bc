package org.jrnn.bench.report;

import java.util.List;
import java.util.Set;

/**
 * Everything a report shows, already measured and derived.
 *
 * @param profile  quick or full
 * @param baseline the backend others are compared with
 * @param context  lines about the machine, the JVM and the backends' probes
 * @param peak     the measured FP32 peak
 * @param rows     every result, own and peers', with derived columns filled ({@link Derive#complete})
 * @param notes    anything else a reader must know (missing peer files …)
 * @param peers    backends whose rows came from peer files (PyTorch, oneDNN …): shown for comparison, held to no
 *                 target
 */
public record ReportData(String profile, String baseline, List<String> context, PeakSummary peak,
                         List<ResultRow> rows, List<String> notes, Set<String> peers) {
    public ReportData {
        peers = Set.copyOf(peers);
    }
}
