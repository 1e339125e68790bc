package org.jrnn.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jrnn.train.metrics.Metric;
import org.jrnn.train.schedule.PlateauConfig.Mode;
import org.jrnn.train.schedule.PlateauConfig.ThresholdMode;
import org.junit.jupiter.api.Test;

class ReduceLrOnPlateauTest {
    @Test
    void reducesAfterPatienceBadEpochsThenCoolsDown() {
        PlateauConfig config = PlateauConfig.defaults(Mode.MIN).withFactor(0.5).withPatience(1).withCooldown(2);
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(config, 1.0);
        assertEquals(1.0, p.step(1.0)); // best 1.0
        assertEquals(1.0, p.step(1.0)); // bad 1 = patience
        assertEquals(0.5, p.step(1.0)); // bad 2 > patience: reduce, cooldown 2
        assertEquals(2, p.state().cooldownCounter());
        assertEquals(0.5, p.step(1.0)); // cooldown: bad stays 0
        assertEquals(0.5, p.step(1.0)); // cooldown ends
        assertEquals(0.5, p.step(1.0)); // bad 1
        assertEquals(0.25, p.step(1.0)); // bad 2: reduce
        assertEquals(7, p.state().lastEpoch());
    }

    @Test
    void relativeThresholdNeedsAProportionalImprovement() {
        PlateauConfig config = PlateauConfig.defaults(Mode.MIN).withPatience(0).withThreshold(0.1, ThresholdMode.REL);
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(config, 1.0);
        p.step(10.0);
        assertEquals(1.0, p.step(8.9)); // below 10 · 0.9: an improvement
        assertEquals(0.1, p.step(8.1), 1e-17); // not below 8.9 · 0.9 = 8.01: bad, patience 0
    }

    @Test
    void relativeThresholdOnNegativeMetricsScalesTowardZeroLikePyTorch() {
        // best · (1 - threshold) lies above a negative best, so a slightly worse value still counts as better
        PlateauConfig config = PlateauConfig.defaults(Mode.MIN).withPatience(0).withThreshold(0.1, ThresholdMode.REL);
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(config, 1.0);
        p.step(-10.0);
        assertEquals(1.0, p.step(-9.5)); // -9.5 < -10 · 0.9 = -9
        assertEquals(-9.5, p.state().best());
    }

    @Test
    void maxModeFollowsTheMetricsGoal() {
        assertEquals(Mode.MAX, Mode.of(Metric.MACRO_F1));
        assertEquals(Mode.MIN, Mode.of(Metric.RMSE));
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(PlateauConfig.defaults(Mode.MAX).withPatience(0), 1.0);
        assertEquals(1.0, p.step(0.5));
        assertEquals(1.0, p.step(0.6));
        assertEquals(0.1, p.step(0.4), 1e-17);
    }

    @Test
    void nanCountsAsABadEpochLikePyTorch() {
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(PlateauConfig.defaults(Mode.MIN).withPatience(0), 1.0);
        p.step(1.0);
        assertEquals(0.1, p.step(Double.NaN), 1e-17);
        assertEquals(1.0, p.state().best());
    }

    @Test
    void neverBelowMinLrAndSkipsReductionsOfEpsOrLess() {
        PlateauConfig config = PlateauConfig.defaults(Mode.MIN).withPatience(0).withMinLr(0.05);
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(config, 1.0);
        p.step(1);
        assertEquals(0.1, p.step(1), 1e-17);
        assertEquals(0.05, p.step(1));
        assertEquals(0.05, p.step(1));
        ReduceLrOnPlateau tiny = new ReduceLrOnPlateau(config.withMinLr(0).withEps(0.5), 1.0);
        tiny.step(1);
        assertEquals(0.1, tiny.step(1), 1e-17); // 1 - 0.1 > 0.5
        assertEquals(0.1, tiny.step(1), 1e-17); // 0.1 - 0.01 ≤ 0.5: skipped
    }

    @Test
    void jsonRoundTripsBitsIncludingInfinity() {
        PlateauConfig config = PlateauConfig.defaults(Mode.MAX).withThreshold(1.0 / 3, ThresholdMode.ABS)
                .withMinLr(1e-7).withCooldown(3);
        ReduceLrOnPlateau fresh = new ReduceLrOnPlateau(config, 0.1 + 0.2);
        ReduceLrOnPlateau restored = ReduceLrOnPlateau.fromJson(fresh.toJson());
        assertEquals(fresh.config(), restored.config());
        assertEquals(fresh.state(), restored.state());
        assertEquals(Double.NEGATIVE_INFINITY, restored.state().best());
        assertTrue(fresh.toJson().contains("\"mode\":\"max\""), fresh.toJson());
    }

    @Test
    void badJsonNamesTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReduceLrOnPlateau.fromJson("{"))
                .getMessage().startsWith("ReduceLrOnPlateau state is not valid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReduceLrOnPlateau.fromJson("{\"format\":1}"))
                .getMessage().startsWith("not a ReduceLrOnPlateau state"));
        String good = new ReduceLrOnPlateau(PlateauConfig.defaults(Mode.MIN), 0.1).toJson();
        assertEquals("ReduceLrOnPlateau JSON: field \"factor\" is 0.1x; expected a number written as a string, "
                + "such as \"0.1\"", assertThrows(IllegalArgumentException.class,
                        () -> ReduceLrOnPlateau.fromJson(good.replace("\"0.1\"", "\"0.1x\""))).getMessage());
        assertEquals("ReduceLrOnPlateau JSON: field \"patience\" is missing", assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLrOnPlateau.fromJson(good.replace("\"patience\":10,", ""))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReduceLrOnPlateau.fromJson(good.replace("\"min\"", "\"down\""))).getMessage()
                .endsWith("expected one of [min, max]"));
    }

    @Test
    void badSettingsNameTheParameter() {
        assertEquals("factor is 1.0; expected a value in [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> PlateauConfig.defaults(Mode.MIN).withFactor(1.0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlateauConfig.defaults(Mode.MIN).withPatience(-1));
        assertThrows(IllegalArgumentException.class, () -> PlateauConfig.defaults(Mode.MIN).withMinLr(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLrOnPlateau(null, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new ReduceLrOnPlateau(PlateauConfig.defaults(Mode.MIN), Double.NaN));
    }
}
