package org.jrnn.examples.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrnn.data.Tokenizer;
import org.junit.jupiter.api.Test;

/** The built-in reviews: seeded, balanced, a vocabulary of hundreds of words, each word in both classes. */
class SentimentReviewsTest {
    @Test
    void sameSeedSameReviews() {
        assertEquals(ReviewGenerator.generate(200, 5), ReviewGenerator.generate(200, 5));
        assertTrue(!ReviewGenerator.generate(50, 5).equals(ReviewGenerator.generate(50, 6)));
    }

    @Test
    void balancedWithHundredsOfWordsSharedByBothClasses() {
        List<ReviewGenerator.Review> reviews = ReviewGenerator.generate(6000, 1);
        Map<String, int[]> byClass = new HashMap<>();
        int positives = 0;
        Set<String> shapes = new HashSet<>();
        Tokenizer tok = Tokenizer.defaults();
        for (ReviewGenerator.Review r : reviews) {
            positives += r.label();
            for (String w : tok.tokenize(r.text())) {
                byClass.computeIfAbsent(w, k -> new int[2])[r.label()]++;
            }
            shapes.add(r.text().replaceAll("[a-z]+", "w"));
        }
        assertEquals(3000, positives);
        assertTrue(byClass.size() > 350, byClass.size() + " distinct words");
        assertTrue(shapes.size() > 500, shapes.size() + " sentence shapes");
        // Every frequent word, "not" and the polar adjectives included, occurs in both classes, neither over 75%.
        for (var e : byClass.entrySet()) {
            int[] c = e.getValue();
            if (c[0] + c[1] >= 100) {
                double share = c[1] / (double) (c[0] + c[1]);
                assertTrue(share > 0.25 && share < 0.75, e.getKey() + " is positive in " + share);
            }
        }
        assertTrue(byClass.get("not")[0] > 0 && byClass.get("not")[1] > 0);
        assertTrue(byClass.get("awful")[1] > 0 && byClass.get("brilliant")[0] > 0);
    }
}
