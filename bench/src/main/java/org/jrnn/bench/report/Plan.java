package org.jrnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.jrnn.backend.Backends.Candidate;
import org.jrnn.bench.jmh.GemmBenchmark;
import org.jrnn.bench.jmh.ReferenceLimit;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.SeqShape;

/**
 * What a report runs and what it reports as not run. An unknown or unavailable backend is a SKIPPED row per
 * problem with the provider's reason; the reference backend is SKIPPED on shapes above {@link ReferenceLimit}.
 * GEMM runs once, as cpu-simd's kernel, when cpu-simd is selected and available. The model kind runs an LSTM on
 * {@link BenchShapes#MODEL} in either profile, and brings the bare LSTM train step of the same shapes it is compared
 * with when the train kind does not already run them.
 */
public record Plan(List<Group> groups, List<ResultRow> notRun) {

    public int runs() {
        return groups.stream().mapToInt(Group::runs).sum();
    }

    public static Plan make(ReportArgs args, List<Candidate> found) {
        List<String> backends = args.backends() != null ? args.backends()
                : found.stream().map(Candidate::name).toList();
        checkShapeNames(args.shapes());
        List<Group> groups = new ArrayList<>();
        List<ResultRow> notRun = new ArrayList<>();
        for (String backend : backends) {
            Candidate c = found.stream().filter(x -> x.name().equals(backend)).findFirst().orElse(null);
            String reason = c == null ? "no provider named '" + backend + "' on the class path; found: "
                    + found.stream().map(Candidate::name).toList()
                    : c.probe().available() ? null : c.probe().detail();
            for (Kind kind : args.kinds()) {
                if (kind == Kind.GEMM) {
                    if (backend.equals(GemmBenchmark.BACKEND)) {
                        plan(groups, notRun, kind, backend, List.of(Group.GEMM_CELL), shapes(args, kind), reason);
                    }
                    continue;
                }
                List<String> cells = kind == Kind.MODEL ? List.of(Kind.MODEL_CELL) : args.cells();
                planSequence(groups, notRun, kind, backend, cells, shapes(args, kind), reason);
            }
            if (args.kinds().contains(Kind.MODEL)) {
                // The model kind's reference: the bare LSTM train step of the same shape, unless already planned.
                boolean trainLstm = args.kinds().contains(Kind.TRAIN) && args.cells().contains(Kind.MODEL_CELL);
                List<String> trainShapes = trainLstm ? shapes(args, Kind.TRAIN) : List.of();
                List<String> missing = shapes(args, Kind.MODEL).stream().filter(x -> !trainShapes.contains(x)).toList();
                planSequence(groups, notRun, Kind.TRAIN, backend, List.of(Kind.MODEL_CELL), missing, reason);
            }
        }
        return new Plan(groups, notRun);
    }

    /** Sequence kinds: the reference backend's large shapes become SKIPPED rows, the rest one group. */
    private static void planSequence(List<Group> groups, List<ResultRow> notRun, Kind kind, String backend,
                                     List<String> cells, List<String> shapes, String unavailable) {
        List<String> allowed = new ArrayList<>();
        for (String s : shapes) {
            SeqShape shape = BenchShapes.sequence(s);
            if (ReferenceLimit.allows(backend, shape)) {
                allowed.add(s);
            } else {
                for (String cell : cells) {
                    notRun.add(ResultRow.notRun(kind, s, shape.dims(), cell, backend, ResultRow.SKIPPED,
                            ReferenceLimit.reason(shape)));
                }
            }
        }
        plan(groups, notRun, kind, backend, cells, allowed, unavailable);
    }

    private static void plan(List<Group> groups, List<ResultRow> notRun, Kind kind, String backend, List<String> cells,
                             List<String> shapes, String unavailable) {
        if (shapes.isEmpty()) {
            return;
        }
        Group g = new Group(kind, backend, cells, shapes);
        if (unavailable == null) {
            groups.add(g);
            return;
        }
        for (String[] cs : g.combinations()) {
            notRun.add(ResultRow.notRun(kind, cs[1], dims(kind, cs[1]), cs[0], backend, ResultRow.SKIPPED,
                    unavailable));
        }
    }

    private static void checkShapeNames(List<String> names) {
        if (names == null) {
            return;
        }
        List<String> known = new ArrayList<>();
        BenchShapes.SEQUENCE.forEach(s -> known.add(s.name()));
        BenchShapes.STEP.forEach(s -> known.add(s.name()));
        BenchShapes.GEMM.forEach(g -> known.add(g.name()));
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown shape '" + n + "': expected one of " + known);
            }
        }
    }

    static String dims(Kind kind, String shape) {
        return kind == Kind.GEMM ? BenchShapes.gemm(shape).dims() : BenchShapes.sequence(shape).dims();
    }

    /** The shapes of a kind: the --shapes list filtered to those of that kind, else the profile's. */
    private static List<String> shapes(ReportArgs args, Kind kind) {
        List<String> profile = switch (kind) {
            case FORWARD, TRAIN -> args.profile().sequenceShapes();
            case MODEL -> BenchShapes.MODEL;
            case STEP -> args.profile().stepShapes();
            case GEMM -> args.profile().gemmShapes();
        };
        if (args.shapes() == null) {
            return profile;
        }
        List<String> known = switch (kind) {
            case FORWARD, TRAIN -> BenchShapes.SEQUENCE.stream().map(SeqShape::name).toList();
            case MODEL -> BenchShapes.MODEL;
            case STEP -> BenchShapes.STEP.stream().map(SeqShape::name).toList();
            case GEMM -> BenchShapes.GEMM.stream().map(g -> g.name()).toList();
        };
        return args.shapes().stream().filter(known::contains).toList();
    }
}
