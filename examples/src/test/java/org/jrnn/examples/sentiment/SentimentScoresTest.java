package org.jrnn.examples.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reported figures against values worked out by hand. */
class SentimentScoresTest {
    @Test
    void aTinyConfusionMatrix() {
        //                 TP  FP  FP  FP  FN  TN  TN  TN
        int[] predicted = {1, 1, 1, 1, 0, 0, 0, 0};
        int[] actual = {1, 0, 0, 0, 1, 0, 0, 0};
        Scores s = Scores.of(predicted, actual);
        assertEquals(3, s.count(0, 0));
        assertEquals(3, s.count(0, 1));
        assertEquals(1, s.count(1, 0));
        assertEquals(1, s.count(1, 1));
        assertEquals(4 / 8.0, s.accuracy(), 1e-12);
        assertEquals(1 / 4.0, s.precision(), 1e-12);  // TP / (TP + FP) = 1 / 4
        assertEquals(1 / 2.0, s.recall(), 1e-12);     // TP / (TP + FN) = 1 / 2
        assertEquals(1 / 3.0, s.f1(), 1e-12);         // 2 P R / (P + R) = 0.25 / 0.75
    }

    @Test
    void nothingPredictedPositiveGivesZeroPrecisionAndF1() {
        Scores s = Scores.of(new int[] {0, 0, 0}, new int[] {1, 0, 0});
        assertEquals(2 / 3.0, s.accuracy(), 1e-12);
        assertEquals(0, s.precision());
        assertEquals(0, s.recall());
        assertEquals(0, s.f1());
    }
}
