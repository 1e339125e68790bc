package org.jrnn.bench.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link BenchShapes} as CSV for the PyTorch script: {@code group,name,batch,steps,input,hidden,m,n,k,quick}
 * where group is {@code sequence}, {@code step} or {@code gemm} and unused sizes are empty.
 */
public final class ShapesCsv {
    public static final String HEADER = "group,name,batch,steps,input,hidden,m,n,k,quick";

    private ShapesCsv() {}

    public static List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (SeqShape s : BenchShapes.SEQUENCE) {
            out.add(seq("sequence", s));
        }
        for (SeqShape s : BenchShapes.STEP) {
            out.add(seq("step", s));
        }
        for (GemmShape g : BenchShapes.GEMM) {
            out.add("gemm," + g.name() + ",,,,," + g.m() + "," + g.n() + "," + g.k() + "," + g.quick());
        }
        return out;
    }

    private static String seq(String group, SeqShape s) {
        return group + "," + s.name() + "," + s.batch() + "," + s.steps() + "," + s.input() + "," + s.hidden()
                + ",,,," + s.quick();
    }
}
