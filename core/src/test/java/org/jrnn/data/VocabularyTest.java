package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    // counts: the 4, good 3, bad 2, film 2, a 1, zebra 1
    private static final List<List<String>> TRAIN = List.of(
            List.of("the", "film", "good"),
            List.of("zebra", "the", "bad", "good"),
            List.of("the", "film", "bad", "good", "the", "a"));

    @Test
    void ordersByFrequencyThenLexicographically() {
        Vocabulary v = Vocabulary.build(TRAIN, 1, 100);
        assertEquals(List.of("<pad>", "<unk>", "the", "good", "bad", "film", "a", "zebra"), v.tokens());
        assertEquals(2, v.id("the"));
        assertEquals("film", v.token(5));
        assertEquals(Vocabulary.UNK_ID, v.id("unseen"));
        assertFalse(v.contains("unseen"));
        assertArrayEquals(new int[] {2, 1, 7}, v.ids(List.of("the", "movie", "zebra")));
    }

    @Test
    void textOrderDoesNotChangeTheIds() {
        List<List<String>> shuffled = new ArrayList<>(TRAIN);
        Collections.reverse(shuffled);
        assertEquals(Vocabulary.build(TRAIN, 1, 100), Vocabulary.build(shuffled, 1, 100));
    }

    @Test
    void minimumFrequencyAndMaximumSizeCountTheReservedIds() {
        assertEquals(List.of("<pad>", "<unk>", "the", "good", "bad", "film"),
                Vocabulary.build(TRAIN, 2, 100).tokens());
        // size 5 = 2 reserved + 3 learnt; the tie between bad and film goes to bad (lexicographic)
        assertEquals(List.of("<pad>", "<unk>", "the", "good", "bad"), Vocabulary.build(TRAIN, 1, 5).tokens());
        assertEquals(List.of("<pad>", "<unk>"), Vocabulary.build(TRAIN, 1, 2).tokens());
        assertEquals(List.of("<pad>", "<unk>"), Vocabulary.build(List.of(), 1, 10).tokens());
        assertEquals(List.of("<pad>", "<unk>"), Vocabulary.build(TRAIN, 5, 10).tokens());
    }

    @Test
    void reservedTokensInTheDataKeepTheirIds() {
        Vocabulary v = Vocabulary.build(List.of(List.of("<unk>", "<pad>", "x", "<pad>")), 1, 10);
        assertEquals(List.of("<pad>", "<unk>", "x"), v.tokens());
        assertEquals(0, v.id("<pad>"));
    }

    @Test
    void nonAsciiNumbersAndEmojiAreOrdinaryTokens() {
        Tokenizer t = Tokenizer.defaults();
        List<List<String>> texts = List.of(t.tokenize("Café déjà vu — naïve 😀"), t.tokenize("café 3.14 😀"));
        Vocabulary v = Vocabulary.build(texts, 1, 100);
        // café and 😀 occur twice; the singletons follow in String.compareTo order (UTF-16 code units)
        List<String> learnt = v.tokens().subList(2, v.size());
        assertEquals(List.of("café", "😀"), learnt.subList(0, 2).stream().sorted().toList());
        List<String> rest = new ArrayList<>(learnt.subList(2, learnt.size()));
        List<String> sorted = new ArrayList<>(rest);
        Collections.sort(sorted);
        assertEquals(sorted, rest);
        assertTrue(rest.containsAll(Arrays.asList("3.14", "déjà", "vu", "—", "naïve")));
        assertEquals(v, Vocabulary.fromJson(v.toJson()));
    }

    @Test
    void jsonRoundTripKeepsEveryId() {
        Vocabulary v = Vocabulary.build(List.of(List.of("a\"b", "back\\slash", "tab\t", "line\nbreak", "é")), 1,
                10);
        Vocabulary back = Vocabulary.fromJson(v.toJson());
        assertEquals(v.tokens(), back.tokens());
        assertEquals(v.toJson(), back.toJson());
    }

    @Test
    void badInputsAreNamed() {
        assertMessage(() -> Vocabulary.build(TRAIN, 1, 1), "maximum vocabulary size 1", "2 reserved");
        assertMessage(() -> Vocabulary.build(TRAIN, 0, 10), "minimum frequency", "got 0");
        assertMessage(() -> Vocabulary.build(List.of(List.of("a"), Arrays.asList("b", null)), 1, 10),
                "text 1, token 1");
        assertMessage(() -> Vocabulary.build(null, 1, 10), "training texts");
        Vocabulary v = Vocabulary.build(TRAIN, 1, 10);
        assertMessage(() -> v.token(8), "token id 8", "[0, 8)");
        assertMessage(() -> v.token(-1), "token id -1");
        assertMessage(() -> Vocabulary.of(List.of("<unk>", "<pad>")), "must start with <pad>, <unk>");
        assertMessage(() -> Vocabulary.of(List.of("<pad>", "<unk>", "x", "x")), "token 3 'x'", "token 2");
        assertMessage(() -> Vocabulary.fromJson("{\"type\":\"vocabulary\",\"tokens\":[\"<pad>\",\"<unk>\",7]}"),
                "tokens[2]", "expected a string");
    }
}
