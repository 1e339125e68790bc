package org.jrnn.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassificationTest {
    @Test
    void threeClassMacroAveragesByHand() {
        int[] p = ConfusionMatrixTest.PREDICTED;
        int[] a = ConfusionMatrixTest.ACTUAL;
        assertEquals(0.6, Classification.accuracy(p, a), 1e-15);
        assertEquals((2.0 / 3 + 0.5 + 2.0 / 3) / 3, Classification.macroPrecision(p, a), 1e-15); // 11/18
        assertEquals(11.0 / 18, Classification.macroRecall(p, a), 1e-15);
        assertEquals(38.0 / 63, Classification.macroF1(p, a), 1e-15); // (4/7 + 4/7 + 2/3) / 3
    }

    @Test
    void binaryByHand() {
        int[] actual = {1, 1, 1, 0, 0, 0, 1, 0};
        int[] predicted = {1, 0, 1, 1, 1, 0, 1, 0}; // TP 3 (i 0, 2, 6), FN 1 (i 1), FP 2 (i 3, 4), TN 2
        assertEquals(5.0 / 8, Classification.accuracy(predicted, actual), 1e-15);
        assertEquals(3.0 / 5, Classification.precision(predicted, actual, 1), 1e-15);
        assertEquals(3.0 / 4, Classification.recall(predicted, actual, 1), 1e-15);
        assertEquals(2.0 / 3, Classification.f1(predicted, actual, 1), 1e-15); // 2PR/(P+R) = 0.9/1.35
        // the other class as the positive one: TP 2, FP 1, FN 2
        assertEquals(2.0 / 3, Classification.precision(predicted, actual, 0), 1e-15);
        assertEquals(2.0 / 4, Classification.recall(predicted, actual, 0), 1e-15);
        assertEquals(4.0 / 7, Classification.f1(predicted, actual, 0), 1e-15);
    }

    @Test
    void noPredictedPositivesGivesZeroPrecisionLikeSklearnZeroDivisionZero() {
        int[] actual = {1, 0, 1};
        int[] predicted = {0, 0, 0};
        assertEquals(0.0, Classification.precision(predicted, actual, 1));
        assertEquals(0.0, Classification.recall(predicted, actual, 1));
        assertEquals(0.0, Classification.f1(predicted, actual, 1));
    }

    @Test
    void allOneClass() {
        int[] zeros = {0, 0, 0, 0};
        assertEquals(1.0, Classification.accuracy(zeros, zeros));
        // no positive anywhere: every ratio is 0/0, so 0
        assertEquals(0.0, Classification.precision(zeros, zeros, 1));
        assertEquals(0.0, Classification.recall(zeros, zeros, 1));
        assertEquals(0.0, Classification.f1(zeros, zeros, 1));
        assertEquals(1.0, Classification.f1(zeros, zeros, 0));
        // macro runs over the one class that occurs
        assertEquals(1.0, Classification.macroF1(zeros, zeros));
        assertEquals(1.0, Classification.macroPrecision(zeros, zeros));
        // all predicted as a class that never occurs: macro over {0, 2}, each 0
        int[] twos = {2, 2, 2, 2};
        assertEquals(0.0, Classification.macroF1(twos, zeros));
        assertEquals(0.0, Classification.macroRecall(twos, zeros));
    }

    @Test
    void macroIgnoresClassesThatOccurNowhere() {
        // classes 0 and 3 occur, 1 and 2 do not: average over two classes, like sklearn without labels
        int[] actual = {0, 3, 3};
        int[] predicted = {0, 3, 0};
        // precision: class 0 = 1/2, class 3 = 1/1; recall: class 0 = 1/1, class 3 = 1/2
        assertEquals(0.75, Classification.macroPrecision(predicted, actual), 1e-15);
        assertEquals(0.75, Classification.macroRecall(predicted, actual), 1e-15);
        assertEquals(2.0 / 3, Classification.macroF1(predicted, actual), 1e-15);
    }

    @Test
    void macroAgreesWithTheConfusionMatrixPerClassValues() {
        int[] actual = new int[200];
        int[] predicted = new int[200];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = (i * 7 + i / 13) % 5;
            predicted[i] = i % 3 == 0 ? actual[i] : (i * 11) % 6; // class 5 is only ever predicted
        }
        ConfusionMatrix m = ConfusionMatrix.of(predicted, actual);
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (int c = 0; c < m.numClasses(); c++) {
            precision += m.precision(c);
            recall += m.recall(c);
            f1 += m.f1(c);
        }
        assertEquals(6, m.numClasses());
        assertEquals(precision / 6, Classification.macroPrecision(predicted, actual), 1e-15);
        assertEquals(recall / 6, Classification.macroRecall(predicted, actual), 1e-15);
        assertEquals(f1 / 6, Classification.macroF1(predicted, actual), 1e-15);
        assertEquals(m.accuracy(), Classification.accuracy(predicted, actual), 1e-15);
    }

    @Test
    void macroHandlesSparseLargeLabelsAndRejectsNegativeOnes() {
        int[] actual = {0, 1_000_000, 1_000_000};
        int[] predicted = {0, 1_000_000, 0};
        assertEquals(0.75, Classification.macroPrecision(predicted, actual), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Classification.macroF1(new int[] {0, -2}, new int[] {0, 1}));
        assertEquals("macro F1: predicted[1] is -2; expected a class label ≥ 0", e.getMessage());
        // binary metrics take any labels, -1/+1 included
        assertEquals(1.0, Classification.recall(new int[] {-1, 1}, new int[] {-1, 1}, -1));
    }

    @Test
    void emptyAndMismatchedArraysAreErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Classification.accuracy(new int[0], new int[0]));
        assertEquals("accuracy: predicted and actual are empty; a metric needs at least one sample",
                empty.getMessage());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Classification.f1(new int[3], new int[4], 1));
        assertEquals("f1: predicted has length 3 but actual has length 4; they must have the same length",
                mismatch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Classification.macroF1(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Classification.precision(null, new int[1], 1));
    }
}
