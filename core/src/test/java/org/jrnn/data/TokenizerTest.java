package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jrnn.data.TokenizerConfig.Contractions;
import org.jrnn.data.TokenizerConfig.Punctuation;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final Tokenizer DEFAULTS = Tokenizer.defaults();

    private static List<String> tokens(Tokenizer t, String text) {
        return t.tokenize(text);
    }

    @Test
    void defaultsLowerCaseSplitPunctuationAndContractions() {
        assertEquals(List.of("i", "do", "n't", "like", "it", ",", "but", "it", "'s", "ok", "!"),
                tokens(DEFAULTS, "I don't like it, but it's OK!"));
        assertEquals(List.of("ca", "n't", "wo", "n't", "we", "'re", "they", "'ve", "you", "'ll", "i", "'d", "i",
                "'m"), tokens(DEFAULTS, "can't won't we're they've you'll I'd I'm"));
    }

    @Test
    void contractionsKeptWholeOnRequest() {
        Tokenizer keep = new Tokenizer(TokenizerConfig.defaults().withContractions(Contractions.KEEP));
        assertEquals(List.of("don't", "o'brien"), tokens(keep, "Don't O'Brien"));
    }

    @Test
    void apostrophesThatAreNotContractions() {
        // typographic apostrophe is read as '; names stay whole; quotes and a trailing plural apostrophe are marks
        assertEquals(List.of("do", "n't", "o'brien", "rock'n'roll", "'", "hi", "'", "dogs", "'"),
                tokens(DEFAULTS, "don\u2019t O'Brien rock'n'roll 'hi' dogs'"));
    }

    @Test
    void punctuationDroppedOnRequest() {
        Tokenizer drop = new Tokenizer(TokenizerConfig.defaults().withPunctuation(Punctuation.DROP));
        assertEquals(List.of("wow", "so", "good", "really"), tokens(drop, "Wow... so good (really)?!"));
        assertEquals(List.of("well", "do", "n't"), tokens(drop, "'well' don't"));
    }

    @Test
    void caseKeptOnRequest() {
        Tokenizer cased = new Tokenizer(TokenizerConfig.defaults().withLowerCase(false));
        assertEquals(List.of("DO", "N'T", "Shout", "!"), tokens(cased, "DON'T Shout!"));
    }

    @Test
    void nonAsciiWordsAndDashes() {
        assertEquals(List.of("café", "déjà", "vu", "—", "naïve"), tokens(DEFAULTS, "Café déjà vu — naïve"));
        // decomposed input (e + combining acute) gives the same token as composed input
        assertEquals(List.of("café"), tokens(DEFAULTS, "Cafe\u0301"));
        assertEquals(List.of("x²", "ⅻ", "½"), tokens(DEFAULTS, "x² Ⅻ ½"));
        // guillemets and the ideographic full stop are punctuation; CJK runs are not segmented further
        assertEquals(List.of("«", "größe", "»", "straße", "東京都", "。"), tokens(DEFAULTS, "« Größe » Straße 東京都。"));
    }

    @Test
    void numbersKeepTheirDecimalPointsAndSeparators() {
        assertEquals(List.of("3.14", "1,000", "-", "5", "2nd", "$", "9.99", ".", "1", ",", "2"),
                tokens(DEFAULTS, "3.14 1,000 -5 2nd $9.99. 1, 2"));
    }

    @Test
    void emojiAreTokensOfTheirOwnAndNeverDropped() {
        Tokenizer drop = new Tokenizer(TokenizerConfig.defaults().withPunctuation(Punctuation.DROP));
        assertEquals(List.of("great", "👍🏽", "😀", "😀", "love", "❤️"), tokens(drop, "great👍🏽 😀😀 love ❤️!"));
        // a family emoji joined with zero-width joiners stays one token
        assertEquals(List.of("👨\u200D👩\u200D👧"), tokens(DEFAULTS, "👨\u200D👩\u200D👧"));
    }

    @Test
    void emptyAndBlankTextsGiveNoTokens() {
        assertEquals(List.of(), tokens(DEFAULTS, ""));
        assertEquals(List.of(), tokens(DEFAULTS, " \t\n\u00A0"));
        assertMessage(() -> DEFAULTS.tokenize(null), "text to tokenize", "null");
    }

    @Test
    void patternReplacesTheBuiltInRules() {
        Tokenizer letters = new Tokenizer(TokenizerConfig.ofPattern("\\p{L}+|\\p{N}+", true));
        assertEquals(List.of("don", "t", "café", "42"), tokens(letters, "Don't CAFÉ, 42!"));
        Tokenizer maybeEmpty = new Tokenizer(TokenizerConfig.ofPattern("a*", false));
        assertEquals(List.of("aa", "a"), tokens(maybeEmpty, "aab a"));
        assertMessage(() -> TokenizerConfig.ofPattern("(unclosed", true), "'(unclosed'", "not a valid");
        assertMessage(() -> TokenizerConfig.ofPattern("", true), "non-empty");
    }

    @Test
    void configRoundTripsThroughJson() {
        for (TokenizerConfig c : List.of(TokenizerConfig.defaults(),
                new TokenizerConfig(false, Punctuation.DROP, Contractions.KEEP, ""),
                TokenizerConfig.ofPattern("[\\p{L}']+|\"\\\\", false))) {
            TokenizerConfig back = TokenizerConfig.fromJson(c.toJson());
            assertEquals(c, back);
            assertEquals(c.toJson(), back.toJson());
            assertEquals(c, Tokenizer.fromJson(new Tokenizer(c).toJson()).config());
        }
        assertMessage(() -> TokenizerConfig.fromJson(
                "{\"type\":\"tokenizer\",\"lowerCase\":true,\"punctuation\":\"KEEP\",\"contractions\":\"SPLIT\","
                        + "\"pattern\":\"\"}"), "punctuation", "'KEEP'", "[SPLIT, DROP]");
        assertMessage(() -> TokenizerConfig.fromJson("{\"type\":\"tokenizer\",\"lowerCase\":1}"), "lowerCase",
                "true or false");
        assertMessage(() -> TokenizerConfig.fromJson("{\"type\":\"vocabulary\"}"), "'vocabulary'", "'tokenizer'");
    }
}
