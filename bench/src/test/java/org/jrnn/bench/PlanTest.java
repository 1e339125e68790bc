package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jrnn.backend.Backends;
import org.jrnn.backend.Backends.Candidate;
import org.jrnn.bench.report.Group;
import org.jrnn.bench.report.Kind;
import org.jrnn.bench.report.Plan;
import org.jrnn.bench.report.ReportArgs;
import org.jrnn.bench.report.ResultRow;
import org.junit.jupiter.api.Test;

class PlanTest {
    private final List<Candidate> found = Backends.discover();

    @Test
    void referenceRunsOnlySmallShapesAndSaysWhy() {
        Plan p = Plan.make(ReportArgs.parse("--full", "--backends", "reference", "--kinds", "forward"), found);
        Group g = p.groups().get(0);
        assertEquals(List.of("batch1", "stock"), g.shapes());
        assertEquals(4 * 3, p.notRun().size(), "h256, h512, h1024, sentiment x 3 cells");
        assertTrue(p.notRun().stream().allMatch(r -> r.status().equals(ResultRow.SKIPPED)
                && r.note().contains("~100x slower")));
    }

    @Test
    void unknownBackendIsSkippedNotZero() {
        Plan p = Plan.make(ReportArgs.parse("--quick", "--backends", "nosuch", "--kinds", "step,gemm"), found);
        assertTrue(p.groups().isEmpty());
        assertEquals(3, p.notRun().size(), "one step shape x 3 cells; gemm is cpu-simd's only");
        assertTrue(p.notRun().get(0).note().contains("no provider named 'nosuch'"));
        assertTrue(Double.isNaN(p.notRun().get(0).median()));
    }

    @Test
    void gemmOnlyForCpuSimdAndShapesFiltered() {
        Plan p = Plan.make(ReportArgs.parse("--full", "--backends", "reference,cpu-simd", "--kinds", "gemm,step",
                "--shapes", "step128,sq2048"), found);
        assertTrue(p.notRun().stream().noneMatch(r -> r.kind().equals("gemm") && r.backend().equals("reference")));
        assertTrue(p.groups().stream().filter(g -> g.kind() == Kind.GEMM).allMatch(g -> g.backend().equals("cpu-simd")
                && g.shapes().equals(List.of("sq2048"))));
        assertTrue(p.groups().stream().filter(g -> g.kind() == Kind.STEP).allMatch(g -> g.shapes().equals(
                List.of("step128"))));
    }

    @Test
    void modelKindRunsSentimentWithItsBareTrainStepInEitherProfile() {
        for (String profile : List.of("--quick", "--full")) {
            Plan p = Plan.make(ReportArgs.parse(profile, "--backends", "cpu-simd", "--kinds", "model", "--cells", "gru"),
                    found);
            Group model = p.groups().stream().filter(g -> g.kind() == Kind.MODEL).findFirst().orElseThrow();
            assertEquals(List.of("lstm"), model.cells(), "the model kind is an LSTM whatever --cells says");
            assertEquals(List.of("sentiment"), model.shapes());
            Group train = p.groups().stream().filter(g -> g.kind() == Kind.TRAIN).findFirst().orElseThrow();
            assertEquals(List.of("lstm"), train.cells());
            assertEquals(List.of("sentiment"), train.shapes());
            assertEquals(2, p.runs(), profile);
        }
    }

    @Test
    void modelKindDoesNotRepeatATrainStepAlreadyPlanned() {
        Plan p = Plan.make(ReportArgs.parse("--full", "--backends", "cpu-simd", "--kinds", "train,model", "--cells",
                "lstm"), found);
        assertEquals(1, p.groups().stream().filter(g -> g.kind() == Kind.TRAIN).count());
        assertEquals(6 + 1, p.runs(), "six train shapes and the model's one");
    }

    @Test
    void modelKindOnReferenceIsSkippedAndOtherShapesAreNotModelShapes() {
        Plan ref = Plan.make(ReportArgs.parse("--backends", "reference", "--kinds", "model"), found);
        assertTrue(ref.groups().isEmpty());
        assertEquals(2, ref.notRun().size(), "model and its train step on sentiment");
        assertTrue(ref.notRun().stream().allMatch(r -> r.shape().equals("sentiment") && r.cell().equals("lstm")
                && r.note().contains("~100x slower")));
        Plan other = Plan.make(ReportArgs.parse("--backends", "cpu-simd", "--kinds", "model", "--shapes", "h256"),
                found);
        assertTrue(other.groups().isEmpty(), "h256 is not a model shape");
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        assertThrows(IllegalArgumentException.class, () -> ReportArgs.parse("--kinds", "backward"));
        assertThrows(IllegalArgumentException.class, () -> ReportArgs.parse("--cells", "transformer"));
        assertThrows(IllegalArgumentException.class, () -> ReportArgs.parse("--out"));
        assertThrows(IllegalArgumentException.class, () -> Plan.make(ReportArgs.parse("--shapes", "h3"), found));
    }
}
