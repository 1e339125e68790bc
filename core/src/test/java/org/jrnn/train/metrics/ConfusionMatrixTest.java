package org.jrnn.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    // Worked by hand. (actual, predicted) pairs: (0,0) (0,0) (0,1) (0,2) (1,1) (1,1) (1,0) (2,2) (2,2) (2,1)
    //               predicted 0  1  2    row sum (support)
    //   actual 0              2  1  1    4
    //   actual 1              1  2  0    3
    //   actual 2              0  1  2    3
    //   column sum            3  4  3    10, diagonal 6
    static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    static final int[] PREDICTED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};

    private final ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, ACTUAL, 3);

    @Test
    void countsRowsAreTrueClassesColumnsArePredicted() {
        assertArrayEquals(new long[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}}, m.counts());
        assertEquals(1, m.count(0, 2));
        assertEquals(0, m.count(2, 0));
        assertEquals(10, m.total());
        assertEquals(3, m.numClasses());
    }

    @Test
    void perClassCountsByHand() {
        assertEquals(2, m.truePositives(1));
        assertEquals(2, m.falsePositives(1)); // column 1 holds 4, two of them off the diagonal
        assertEquals(1, m.falseNegatives(1)); // row 1 holds 3
        assertEquals(3, m.support(1));
        assertEquals(4, m.predictedCount(1));
    }

    @Test
    void perClassRatiosByHand() {
        assertEquals(0.6, m.accuracy(), 1e-15);
        assertEquals(2.0 / 3, m.precision(0), 1e-15);
        assertEquals(0.5, m.precision(1), 1e-15);
        assertEquals(2.0 / 3, m.precision(2), 1e-15);
        assertEquals(0.5, m.recall(0), 1e-15);
        assertEquals(2.0 / 3, m.recall(1), 1e-15);
        assertEquals(2.0 / 3, m.recall(2), 1e-15);
        assertEquals(4.0 / 7, m.f1(0), 1e-15); // 2TP / (2TP + FP + FN) = 4 / (4 + 1 + 2)
        assertEquals(4.0 / 7, m.f1(1), 1e-15);
        assertEquals(2.0 / 3, m.f1(2), 1e-15);
    }

    @Test
    void toStringIsATableWithTrueRowsAndPredictedColumns() {
        String expected = """
                true\\pred         0         1         2
                        0         2         1         1
                        1         1         2         0
                        2         0         1         2""";
        assertEquals(expected, m.toString());
    }

    @Test
    void isImmutable() {
        long[][] source = {{1, 0}, {0, 1}};
        ConfusionMatrix fixed = new ConfusionMatrix(source);
        source[0][0] = 99;
        fixed.counts()[0][1] = 99;
        assertEquals(1, fixed.count(0, 0));
        assertEquals(0, fixed.count(0, 1));
    }

    @Test
    void equalityComparesCounts() {
        assertEquals(m, ConfusionMatrix.of(PREDICTED, ACTUAL));
        assertEquals(m.hashCode(), ConfusionMatrix.of(PREDICTED, ACTUAL).hashCode());
        assertNotEquals(m, ConfusionMatrix.of(ACTUAL, PREDICTED));
    }

    @Test
    void classesWithoutSamplesHaveZeroRatios() {
        ConfusionMatrix wide = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 3);
        assertEquals(1.0, wide.accuracy());
        assertEquals(0.0, wide.precision(2));
        assertEquals(0.0, wide.recall(2));
        assertEquals(0.0, wide.f1(2));
        assertTrue(wide.occurs(0));
        assertTrue(!wide.occurs(2));
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, 2));
        assertTrue(length.getMessage().contains("length 2") && length.getMessage().contains("length 1"),
                length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[0], new int[0], 2));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
        assertEquals("predicted[1] is 3; expected a class in [0, 3)", label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {-1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new long[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new long[][] {{-1}}));
        assertThrows(IndexOutOfBoundsException.class, () -> m.recall(3));
    }
}
