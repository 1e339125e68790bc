package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SplitWindowsTest {
    private static final float[] SERIES = new float[20]; // [20, 1]: 0..19

    static {
        for (int i = 0; i < SERIES.length; i++) {
            SERIES[i] = i;
        }
    }

    @Test
    void noWindowCrossesABoundary() {
        ChronologicalSplit split = Splits.chronologicalCounts(20, 12, 4); // [0,12) [12,16) [16,20)
        SplitWindows w = SplitWindows.of(SERIES, 1, split, SlidingWindows.oneStepAhead(3, 0));
        // train: 12 - 3 - 1 + 1 = 9 windows, last target row 11; validation and test: 1 window each
        assertEquals(9, w.train().count());
        assertEquals(11f, w.train().targets()[8], 0f);
        assertArrayEquals(new float[] {12f, 13f, 14f}, w.validation().inputs());
        assertArrayEquals(new float[] {15f}, w.validation().targets());
        assertArrayEquals(new float[] {16f, 17f, 18f}, w.test().inputs());
        assertArrayEquals(new float[] {19f}, w.test().targets());
    }

    @Test
    void scalerFittedOnTrainingRowsIsAppliedToEveryPart() {
        ChronologicalSplit split = Splits.chronologicalCounts(20, 11, 4);
        MinMaxScaler scaler = MinMaxScaler.fit(split.train().rows(SERIES, 1), 1); // min 0, max 10
        SplitWindows w = SplitWindows.of(SERIES, 1, split, SlidingWindows.oneStepAhead(2, 0), scaler);
        assertArrayEquals(new float[] {0f, 0.1f}, java.util.Arrays.copyOf(w.train().inputs(), 2));
        // test rows [15, 20) give 3 windows; their values lie beyond the training range and are not clipped
        assertArrayEquals(new float[] {1.5f, 1.6f}, java.util.Arrays.copyOf(w.test().inputs(), 2), 1e-6f);
        assertArrayEquals(new float[] {1.7f, 1.8f, 1.9f}, w.test().targets(), 1e-6f);
        assertArrayEquals(new float[] {17f, 18f, 19f}, scaler.inverseTransformColumn(w.test().targets(), 0),
                1e-5f);
    }

    @Test
    void emptyPartsGiveNoWindowsAndShortPartsAreNamed() {
        SplitWindows w = SplitWindows.of(SERIES, 1, Splits.chronologicalCounts(20, 20, 0),
                SlidingWindows.oneStepAhead(3, 0));
        assertEquals(0, w.validation().count());
        assertArrayEquals(new int[] {0, 3, 1}, w.test().inputShape());
        assertMessage(() -> SplitWindows.of(SERIES, 1, Splits.chronologicalCounts(20, 14, 3),
                SlidingWindows.oneStepAhead(3, 0)), "validation part", "3 rows", "at least 4");
        assertMessage(() -> SplitWindows.of(SERIES, 1, Splits.chronologicalCounts(19, 14, 3),
                SlidingWindows.oneStepAhead(3, 0)), "19 items", "20 rows");
        assertMessage(() -> SplitWindows.of(SERIES, 1, Splits.chronologicalCounts(20, 14, 3),
                SlidingWindows.oneStepAhead(3, 0), MinMaxScaler.fit(new float[4], 2)), "2 features");
    }
}
