package org.jrnn.data;

import static org.jrnn.data.ScalerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderTest {
    private static final Tokenizer TOKENIZER = Tokenizer.defaults();
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("<pad>", "<unk>", "good", "film", "!",
            "not"));

    @Test
    void encodesTruncatesToTheFirstTokensAndMapsUnknowns() {
        Encoder e = new Encoder(TOKENIZER, VOCABULARY, 3);
        assertArrayEquals(new int[] {2, 3, 4}, e.encode("Good film!"));
        assertArrayEquals(new int[] {5, 2, 1}, e.encode("not good, not a good film"));  // "," is unknown
        assertArrayEquals(new int[0], e.encode("   "));
    }

    @Test
    void encodeAllKeepsLengthsAndPadsBatchesWithZeros() {
        Encoder e = new Encoder(TOKENIZER, VOCABULARY, 10);
        EncodedTexts texts = e.encodeAll(List.of("good film!", "", "not good"));
        assertEquals(3, texts.size());
        assertArrayEquals(new int[] {3, 0, 2}, texts.lengths());
        PaddedBatch batch = texts.pad(new int[] {2, 0, 1});
        assertEquals(3, batch.timeSteps());
        assertEquals(3, batch.batchSize());
        assertArrayEquals(new int[] {
            5, 2, 0,
            2, 3, 4,
            0, 0, 0,
        }, batch.ids());
        assertArrayEquals(new int[] {2, 3, 0}, batch.lengths());
        assertArrayEquals(new int[] {2, 0, 1}, batch.examples());
        PaddedBatch empty = texts.pad(new int[] {1});
        assertEquals(0, empty.timeSteps());
        assertEquals(0, empty.ids().length);
    }

    @Test
    void sentimentPipelineFromTextsToPaddedBatches() {
        List<String> train = List.of("Great film 😀", "Terrible... I didn't like it", "great, GREAT acting!", "",
                "Café déjà vu — naïve but great");
        Tokenizer tokenizer = Tokenizer.defaults();
        Vocabulary vocabulary = Vocabulary.build(train.stream().map(tokenizer::tokenize).toList(), 2, 1000);
        // only "great" (4 times) and "." (3 times, from "...") occur at least twice
        assertEquals(List.of("<pad>", "<unk>", "great", "."), vocabulary.tokens());
        Encoder encoder = new Encoder(tokenizer, vocabulary, 4);
        EncodedTexts encoded = encoder.encodeAll(train);
        assertArrayEquals(new int[] {3, 4, 4, 0, 4}, encoded.lengths()); // truncated to 4, the empty text is 0
        assertArrayEquals(new int[] {2, 1, 1}, encoded.ids(0));
        int total = 0;
        for (int[] batch : new LengthBuckets(2, 2, 11L).epoch(encoded.lengths(), 0)) {
            PaddedBatch padded = encoded.pad(batch);
            total += padded.batchSize();
            for (int b = 0; b < padded.batchSize(); b++) {
                for (int t = padded.lengths()[b]; t < padded.timeSteps(); t++) {
                    assertEquals(Vocabulary.PAD_ID, padded.ids()[b * padded.timeSteps() + t]);
                }
            }
        }
        assertEquals(train.size(), total);
    }

    @Test
    void encodedTextsAreCopies() {
        int[] row = {2, 3};
        EncodedTexts texts = new EncodedTexts(List.of(row));
        row[0] = 99;
        texts.ids(0)[1] = 99;
        assertArrayEquals(new int[] {2, 3}, texts.ids(0));
        assertArrayEquals(new int[] {2, 3}, texts.all().get(0));
    }

    @Test
    void badInputsAreNamed() {
        assertMessage(() -> new Encoder(TOKENIZER, VOCABULARY, 0), "maximum length", "got 0");
        Encoder e = new Encoder(TOKENIZER, VOCABULARY, 4);
        assertMessage(() -> e.encodeAll(Arrays.asList("ok", null)), "text 1");
        EncodedTexts texts = e.encodeAll(List.of("good"));
        assertMessage(() -> texts.pad(new int[] {0, 1}), "text index 1", "[0, 1)");
        assertMessage(() -> texts.length(-1), "text index -1");
    }
}
