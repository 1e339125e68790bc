package org.jrnn.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One JMH invocation of the report: one kind on one backend over the cross product of cells and shapes.
 *
 * @param cells  cell ids; for gemm the single pseudo-cell {@value #GEMM_CELL}
 */
public record Group(Kind kind, String backend, List<String> cells, List<String> shapes) {
    public static final String GEMM_CELL = "sgemm";

    /** Number of forked benchmark runs. */
    public int runs() {
        return cells.size() * shapes.size();
    }

    /** cell|shape of every planned combination. */
    public List<String[]> combinations() {
        List<String[]> out = new ArrayList<>();
        for (String c : cells) {
            for (String s : shapes) {
                out.add(new String[] {c, s});
            }
        }
        return out;
    }
}
