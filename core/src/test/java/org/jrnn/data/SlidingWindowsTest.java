package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlidingWindowsTest {
    private static final float[] TEN = {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f}; // [10, 1]

    @Test
    void tenElementsWindowThreeHorizonOneStrideTwoListedByHand() {
        Windows w = new SlidingWindows(3, 1, 2, new int[] {0}).apply(TEN, 1);
        // M = floor((10 - 3 - 1) / 2) + 1 = 4; windows start at 0, 2, 4, 6 and predict rows 3, 5, 7, 9
        assertArrayEquals(new int[] {4, 3, 1}, w.inputShape());
        assertArrayEquals(new int[] {4, 1}, w.targetShape());
        assertArrayEquals(new float[] {
            0f, 1f, 2f,
            2f, 3f, 4f,
            4f, 5f, 6f,
            6f, 7f, 8f,
        }, w.inputs());
        assertArrayEquals(new float[] {3f, 5f, 7f, 9f}, w.targets());
    }

    @Test
    void longerHorizonLeavesTheLastRowsUnused() {
        SlidingWindows s = new SlidingWindows(3, 2, 2, new int[] {0});
        // M = floor((10 - 3 - 2) / 2) + 1 = 3; targets at rows 4, 6, 8; row 9 would need a window starting at 5
        assertEquals(3, s.count(10));
        assertEquals(8, s.targetRow(2));
        Windows w = s.apply(TEN, 1);
        assertArrayEquals(new float[] {0f, 1f, 2f, 2f, 3f, 4f, 4f, 5f, 6f}, w.inputs());
        assertArrayEquals(new float[] {4f, 6f, 8f}, w.targets());
    }

    @Test
    void severalFeaturesAndTargetColumnsKeepTheirOrder() {
        float[] series = { // [4, 3]: open, close, volume
            1f, 2f, 30f,
            3f, 4f, 31f,
            5f, 6f, 32f,
            7f, 8f, 33f,
        };
        Windows w = new SlidingWindows(2, 1, 1, new int[] {2, 1}).apply(series, 3);
        assertArrayEquals(new int[] {2, 2, 3}, w.inputShape());
        assertArrayEquals(new float[] {1f, 2f, 30f, 3f, 4f, 31f, 3f, 4f, 31f, 5f, 6f, 32f}, w.inputs());
        assertArrayEquals(new float[] {32f, 6f, 33f, 8f}, w.targets());
    }

    @Test
    void exactlyMinimumRowsGivesOneWindow() {
        Windows w = SlidingWindows.oneStepAhead(9, 0).apply(TEN, 1);
        assertEquals(1, w.count());
        assertArrayEquals(new float[] {9f}, w.targets());
    }

    @Test
    void tooShortSeriesNamesTheSizes() {
        assertMessage(() -> SlidingWindows.oneStepAhead(10, 0).apply(TEN, 1), "10 rows", "window 10",
                "horizon 1", "at least 11");
        assertMessage(() -> SlidingWindows.oneStepAhead(3, 0).apply(new float[0], 1), "0 rows", "at least 4");
    }

    @Test
    void badSettingsNameTheValue() {
        assertMessage(() -> new SlidingWindows(0, 1, 1, new int[] {0}), "window", "got 0");
        assertMessage(() -> new SlidingWindows(3, 0, 1, new int[] {0}), "horizon", "got 0");
        assertMessage(() -> new SlidingWindows(3, 1, -2, new int[] {0}), "stride", "got -2");
        assertMessage(() -> new SlidingWindows(3, 1, 1, new int[0]), "at least one column");
        assertMessage(() -> new SlidingWindows(3, 1, 1, new int[] {0, -1}), "targetColumns[1]", "-1");
        assertMessage(() -> new SlidingWindows(3, 1, 1, new int[] {1, 1}), "targetColumns[1]", "repeats");
        assertMessage(() -> new SlidingWindows(3, 1, 1, new int[] {0, 4}).apply(new float[20], 2),
                "targetColumns[1]", "column 4", "[0, 2)");
        assertMessage(() -> SlidingWindows.oneStepAhead(3, 0).apply(new float[7], 2), "length 7", "multiple of 2");
    }

    @Test
    void recordCopiesItsColumnsAndComparesByValue() {
        int[] columns = {0};
        SlidingWindows s = new SlidingWindows(3, 1, 1, columns);
        columns[0] = 5;
        assertArrayEquals(new int[] {0}, s.targetColumns());
        assertEquals(SlidingWindows.oneStepAhead(3, 0), s);
        assertEquals(SlidingWindows.oneStepAhead(3, 0).hashCode(), s.hashCode());
    }
}
