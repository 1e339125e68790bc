package org.jrnn.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jrnn.train.schedule.PlateauConfig.Mode;
import org.jrnn.train.schedule.PlateauConfig.ThresholdMode;
import org.junit.jupiter.api.Test;

/**
 * Replays PyTorch 1.13's learning-rate sequences. The parameters of each case must match CASES and PLATEAU_CASES in
 * tools/golden/make_schedule_golden.py.
 *
 * <p>Tolerances (relative, per epoch), with the worst error measured when they were set:
 * <ul>
 *   <li>against PyTorch's closed form ({@code _get_closed_form_lr}): {@value #CLOSED_TOLERANCE} (room for an ulp
 *       of another libm's cos or pow); measured 0, bit-identical on every case
 *   <li>against PyTorch's step() sequence, which updates recursively: {@value #STEP_TOLERANCE}; measured
 *       4.6e-15 (cosine_10_min_past_tmax, the recursion drifting past T_max), 5.5e-16 or less elsewhere
 *   <li>ReduceLROnPlateau: exact (the same multiplications and comparisons in the same order).
 * </ul>
 */
class ScheduleGoldenTest {
    static final double CLOSED_TOLERANCE = 1e-15;
    static final double STEP_TOLERANCE = 1e-12;

    static final Map<String, LrSchedule> CASES = Map.of(
            "step_7_half", new StepLr(0.1, 7, 0.5),
            "step_3_0.9", new StepLr(0.05, 3, 0.9),
            "exponential_0.9", new ExponentialLr(0.1, 0.9),
            "exponential_0.77", new ExponentialLr(1.0, 0.77),
            "cosine_30", new CosineAnnealingLr(0.1, 30),
            "cosine_10_min_past_tmax", new CosineAnnealingLr(0.1, 10, 0.001),
            "linear_default", new LinearLr(0.1, LinearLr.DEFAULT_START_FACTOR, 1.0, LinearLr.DEFAULT_TOTAL_ITERS),
            "linear_decay", new LinearLr(0.2, 1.0, 0.1, 20),
            "warmup_then_cosine", new SequentialLr(
                    List.of(LinearLr.warmUp(0.1, 0.1, 5), new CosineAnnealingLr(0.1, 25, 1e-4)), List.of(5)),
            "warmup_step_exponential", new SequentialLr(
                    List.of(LinearLr.warmUp(0.5, 0.25, 4), new StepLr(0.5, 3, 0.5), new ExponentialLr(0.5, 0.95)),
                    List.of(4, 12)));

    record PlateauCase(double initialLr, PlateauConfig config) {}

    static final Map<String, PlateauCase> PLATEAU_CASES = Map.of(
            "plateau_min_rel", new PlateauCase(0.1, PlateauConfig.defaults(Mode.MIN).withFactor(0.5).withPatience(2)
                    .withThreshold(1e-2, ThresholdMode.REL).withCooldown(1).withMinLr(0.01)),
            "plateau_max_abs", new PlateauCase(1.0, PlateauConfig.defaults(Mode.MAX).withPatience(1)
                    .withThreshold(0.05, ThresholdMode.ABS)),
            "plateau_defaults", new PlateauCase(0.1, PlateauConfig.defaults(Mode.MIN)),
            "plateau_max_rel_eps", new PlateauCase(1e-6, PlateauConfig.defaults(Mode.MAX).withFactor(0.5)
                    .withPatience(0).withCooldown(2).withEps(1e-7)));

    private final Map<String, Map<String, double[]>> golden = GoldenSchedules.load();

    @Test
    void everyGoldenCaseHasAJavaScheduleAndViceVersa() {
        assertEquals(golden.size(), CASES.size() + PLATEAU_CASES.size(), "cases in the golden file: " + golden.keySet());
        for (String name : golden.keySet()) {
            assertTrue(CASES.containsKey(name) || PLATEAU_CASES.containsKey(name), "no Java schedule for " + name);
        }
    }

    @Test
    void matchesPyTorchClosedForm() {
        int compared = 0;
        for (Map.Entry<String, LrSchedule> c : CASES.entrySet()) {
            double[] closed = golden.get(c.getKey()).get("closed");
            if (closed == null) {
                continue; // SequentialLR has no closed form in PyTorch
            }
            assertErrorsWithin(c.getKey() + " closed", c.getValue(), closed, CLOSED_TOLERANCE);
            compared++;
        }
        assertEquals(8, compared, "cases with a closed form");
    }

    @Test
    void matchesPyTorchStepSequence() {
        for (Map.Entry<String, LrSchedule> c : CASES.entrySet()) {
            assertErrorsWithin(c.getKey() + " lr", c.getValue(), golden.get(c.getKey()).get("lr"), STEP_TOLERANCE);
        }
    }

    private static void assertErrorsWithin(String name, LrSchedule schedule, double[] expected, double tolerance) {
        assertTrue(expected.length > 10, name + " has only " + expected.length + " epochs");
        for (int t = 0; t < expected.length; t++) {
            double error = GoldenSchedules.relativeError(schedule.lr(t), expected[t]);
            assertTrue(error <= tolerance, name + " at epoch " + t + ": Java " + schedule.lr(t) + ", PyTorch "
                    + expected[t] + ", relative error " + error + " > " + tolerance);
        }
    }

    @Test
    void plateauMatchesPyTorchExactly() {
        for (Map.Entry<String, PlateauCase> c : PLATEAU_CASES.entrySet()) {
            double[] metrics = golden.get(c.getKey()).get("metric");
            double[] lr = golden.get(c.getKey()).get("lr");
            assertEquals(metrics.length + 1, lr.length, c.getKey());
            ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(c.getValue().config(), c.getValue().initialLr());
            assertEquals(lr[0], plateau.lr(), c.getKey() + " before the first step");
            for (int i = 0; i < metrics.length; i++) {
                assertEquals(lr[i + 1], plateau.step(metrics[i]), 0.0, c.getKey() + " after step " + (i + 1));
            }
        }
    }

    @Test
    void plateauResumedFromJsonAtEveryEpochFollowsTheSameSequence() {
        for (Map.Entry<String, PlateauCase> c : PLATEAU_CASES.entrySet()) {
            double[] metrics = golden.get(c.getKey()).get("metric");
            double[] lr = golden.get(c.getKey()).get("lr");
            ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(c.getValue().config(), c.getValue().initialLr());
            for (int i = 0; i < metrics.length; i++) {
                ReduceLrOnPlateau resumed = ReduceLrOnPlateau.fromJson(plateau.toJson());
                assertEquals(plateau.state(), resumed.state());
                assertEquals(plateau.config(), resumed.config());
                assertEquals(lr[i + 1], resumed.step(metrics[i]), 0.0, c.getKey() + " after step " + (i + 1));
                plateau = resumed;
            }
        }
    }
}
