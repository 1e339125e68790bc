package org.jrnn.examples.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The baseline learns what a bag of words can learn, and nothing more; deterministically. */
class SentimentBaselineTest {
    /** Texts of ids 2..11 with one polar word: id 12 (positive) or 13 (negative) somewhere. */
    private static List<int[]> texts(int n, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] t = new int[3 + r.nextInt(6)];
            for (int k = 0; k < t.length; k++) {
                t[k] = 2 + r.nextInt(10);
            }
            labels[i] = r.nextInt(2);
            t[r.nextInt(t.length)] = labels[i] == 1 ? 12 : 13;
            out.add(t);
        }
        return out;
    }

    @Test
    void learnsAPolarWord() {
        int[] y = new int[300];
        int[] yv = new int[100];
        List<int[]> x = texts(300, 1, y);
        List<int[]> xv = texts(100, 2, yv);
        BagOfWords m = BagOfWords.fit(x, y, xv, yv, 14);
        assertArrayEquals(yv, m.predict(xv));
        assertTrue(m.probability(new int[] {12, 3}) > 0.9 && m.probability(new int[] {13, 3}) < 0.1);
    }

    @Test
    void cannotTellOrderApart() {
        // "not good" (2 3) negative, "good not" (3 2) positive: the same bag.
        List<int[]> x = List.of(new int[] {2, 3}, new int[] {3, 2}, new int[] {2, 3}, new int[] {3, 2});
        int[] y = {0, 1, 0, 1};
        BagOfWords m = BagOfWords.fit(x, y, x, y, 4);
        assertEquals(m.probability(new int[] {2, 3}), m.probability(new int[] {3, 2}), 1e-12);
        assertEquals(0.5, BagOfWords.accuracy(m.predict(x), y));
    }

    @Test
    void isAFunctionOfTheDataAlone() {
        int[] y = new int[200];
        List<int[]> x = texts(200, 3, y);
        BagOfWords a = BagOfWords.fit(x, y, x, y, 14);
        BagOfWords b = BagOfWords.fit(x, y, x, y, 14);
        for (int[] t : x) {
            assertEquals(a.probability(t), b.probability(t));
        }
    }
}
