package org.jrnn.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stateless schedules' formulas at chosen epochs, and their argument checks. */
class SchedulesTest {
    @Test
    void stepLrDecaysEveryStepSizeEpochs() {
        StepLr s = new StepLr(1.0, 3, 0.1);
        assertEquals(1.0, s.lr(0));
        assertEquals(1.0, s.lr(2));
        assertEquals(0.1, s.lr(3), 1e-17);
        assertEquals(0.01, s.lr(8), 1e-16);
    }

    @Test
    void exponentialLr() {
        assertEquals(0.5 * 0.25, new ExponentialLr(0.5, 0.5).lr(2));
        assertEquals(0.5, new ExponentialLr(0.5, 0.5).lr(0));
    }

    @Test
    void cosineReachesEtaMinAtTMaxAndComesBack() {
        CosineAnnealingLr c = new CosineAnnealingLr(0.1, 10, 0.001);
        assertEquals(0.1, c.lr(0));
        assertEquals(0.001 + 0.099 / 2, c.lr(5), 1e-16);
        assertEquals(0.001, c.lr(10), 1e-18);
        assertEquals(0.1, c.lr(20), 1e-16);
        assertEquals(0.0, new CosineAnnealingLr(0.1, 4).lr(4));
    }

    @Test
    void linearLrMovesFromStartToEndFactorThenHolds() {
        LinearLr warm = LinearLr.warmUp(0.1, 0.25, 4);
        assertEquals(0.025, warm.lr(0), 1e-17);
        assertEquals(0.0625, warm.lr(2), 1e-17);
        assertEquals(0.1, warm.lr(4), 1e-17);
        assertEquals(0.1, warm.lr(100), 1e-17);
        assertEquals(0.1 * 0.5, new LinearLr(0.1, 1.0, 0.5, 2).lr(7), 1e-17);
    }

    @Test
    void sequentialRestartsEachScheduleAtItsMilestone() {
        LrSchedule warm = LinearLr.warmUp(1.0, 0.5, 2);
        LrSchedule decay = new ExponentialLr(1.0, 0.5);
        LrSchedule constant = new StepLr(0.3, 1000, 0.5);
        SequentialLr s = new SequentialLr(List.of(warm, decay, constant), List.of(2, 5));
        assertEquals(0.5, s.lr(0));
        assertEquals(0.75, s.lr(1));
        assertEquals(1.0, s.lr(2)); // decay's epoch 0
        assertEquals(0.25, s.lr(4)); // decay's epoch 2
        assertEquals(0.3, s.lr(5));
        assertEquals(0.3, s.lr(50));
    }

    @Test
    void badArgumentsNameTheParameter() {
        assertEquals("stepSize is 0; expected at least 1",
                assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 0, 0.5)).getMessage());
        assertEquals("baseLr is -1.0; expected a finite value ≥ 0",
                assertThrows(IllegalArgumentException.class, () -> new ExponentialLr(-1, 0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialLr(0.1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLr(0.1, 0));
        assertEquals("startFactor is 1.5; expected a value in [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> new LinearLr(0.1, 1.5, 1, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinearLr(0.1, 0.5, 1, 0));
        assertEquals("epoch is -1; expected 0 or more (0 is the learning rate before the first step)",
                assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 1, 0.5).lr(-1)).getMessage());
    }

    @Test
    void sequentialChecksMilestones() {
        LrSchedule a = new ExponentialLr(0.1, 0.9);
        assertEquals("SequentialLr needs one milestone fewer than schedules; got 2 schedules and 0 milestones []",
                assertThrows(IllegalArgumentException.class, () -> new SequentialLr(List.of(a, a), List.of()))
                        .getMessage());
        assertEquals("milestones must be positive and strictly increasing; got [3, 3], where 3 does not exceed 3",
                assertThrows(IllegalArgumentException.class,
                        () -> new SequentialLr(List.of(a, a, a), List.of(3, 3))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SequentialLr(List.of(a, a), List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> new SequentialLr(List.of(), List.of()));
        assertEquals(0.1, new SequentialLr(List.of(a), List.of()).lr(0));
    }
}
