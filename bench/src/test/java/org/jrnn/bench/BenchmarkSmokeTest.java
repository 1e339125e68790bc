package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jrnn.bench.report.Group;
import org.jrnn.bench.report.Kind;
import org.jrnn.bench.report.PeakRunner;
import org.jrnn.bench.report.PeakSummary;
import org.jrnn.bench.report.Profile;
import org.jrnn.bench.report.ResultRow;
import org.jrnn.bench.report.SuiteRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CI smoke: one tiny benchmark per kind through the JMH Runner API, in this JVM (no fork), no warm-up and one short
 * iteration. Asserts only that each produced a result; the numbers mean nothing here.
 */
class BenchmarkSmokeTest {
    private static final Profile SMOKE = new Profile("smoke", false, 0, 0, 1, 100, 0);
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static SuiteRunner runner;

    @BeforeAll
    static void setUp() {
        // Another JMH run on the machine (a report in progress) holds JMH's lock file; these runs do not care.
        System.setProperty("jmh.ignoreLock", "true");
        runner = new SuiteRunner(SMOKE, new PrintStream(LOG, true, StandardCharsets.UTF_8), "the test log");
    }

    private static void assertMeasured(Group g) {
        List<ResultRow> rows = runner.run(g);
        assertEquals(g.runs(), rows.size());
        for (ResultRow r : rows) {
            assertTrue(r.ok(), () -> r + "\n" + LOG.toString(StandardCharsets.UTF_8));
            assertTrue(r.median() > 0 && r.samples() > 0, r::toString);
        }
    }

    @Test
    void forward() {
        assertMeasured(new Group(Kind.FORWARD, "reference", List.of("lstm"), List.of("2x3x4x5")));
    }

    @Test
    void trainingStep() {
        assertMeasured(new Group(Kind.TRAIN, "reference", List.of("gru"), List.of("2x3x4x5")));
    }

    @Test
    void fullModelTrainingStep() {
        assertMeasured(new Group(Kind.MODEL, "reference", List.of(Kind.MODEL_CELL), List.of("2x3x4x5")));
    }

    @Test
    void singleStep() {
        assertMeasured(new Group(Kind.STEP, "reference", List.of("rnn_tanh"), List.of("1x1x8x8")));
    }

    @Test
    void gemm() {
        assertMeasured(new Group(Kind.GEMM, "cpu-simd", List.of(Group.GEMM_CELL), List.of("16x32x8")));
    }

    @Test
    void peak() {
        List<String> notes = new ArrayList<>();
        PeakSummary p = PeakRunner.measure(runner, SMOKE, notes);
        assertTrue(notes.isEmpty(), notes::toString);
        assertTrue(p.fmaOneThread() > 0 && p.fmaAllThreads() > 0, p::toString);
    }

    @Test
    void unknownBackendFailsItsRowInsteadOfTheRun() {
        List<ResultRow> rows = runner.run(new Group(Kind.STEP, "nosuch", List.of("gru"), List.of("1x1x4x4")));
        assertEquals(1, rows.size());
        assertFalse(rows.get(0).ok());
        assertEquals(ResultRow.FAILED, rows.get(0).status());
    }
}
