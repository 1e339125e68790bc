package org.jrnn.bench.report;

import java.util.List;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.GemmShape;
import org.jrnn.bench.shapes.SeqShape;

/**
 * How long and how wide a report runs. Sized for a 2-core machine: quick takes a few minutes (the shapes marked
 * quick, short iterations), full runs every shape with longer iterations.
 *
 * @param forks JMH forks per benchmark (0 runs in the calling JVM: tests only)
 */
public record Profile(String name, boolean allShapes, int warmupIterations, long warmupMillis,
                      int measurementIterations, long measurementMillis, int forks) {

    public static final Profile QUICK = new Profile("quick", false, 1, 1000, 3, 1000, 1);
    public static final Profile FULL = new Profile("full", true, 2, 2000, 5, 2000, 1);

    public List<String> sequenceShapes() {
        return BenchShapes.SEQUENCE.stream().filter(s -> allShapes || s.quick()).map(SeqShape::name).toList();
    }

    public List<String> stepShapes() {
        return BenchShapes.STEP.stream().filter(s -> allShapes || s.quick()).map(SeqShape::name).toList();
    }

    public List<String> gemmShapes() {
        return BenchShapes.GEMM.stream().filter(s -> allShapes || s.quick()).map(GemmShape::name).toList();
    }

    /** Rough seconds of one forked benchmark: JVM start and setup, warm-up, measurement. */
    public double secondsPerRun() {
        return (forks > 0 ? 2.0 : 0.2) + (warmupIterations * warmupMillis + measurementIterations * measurementMillis)
                / 1000.0 * 1.1;
    }
}
