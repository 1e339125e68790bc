package org.jrnn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns texts into token ids: tokenize, look up, truncate to the first {@code maxLength} tokens (the opening of a
 * review is kept, the rest dropped; no padding here — see {@link EncodedTexts#pad}). An empty or blank text gives
 * length 0; whether to drop it, reject it or feed a single padding step is the caller's decision.
 *
 * @param tokenizer  how texts are cut into tokens
 * @param vocabulary token ids, unknown tokens becoming {@link Vocabulary#UNK_ID}
 * @param maxLength  the most tokens kept per text, >= 1
 */
public record Encoder(Tokenizer tokenizer, Vocabulary vocabulary, int maxLength) {

    public Encoder {
        if (tokenizer == null || vocabulary == null) {
            throw new IllegalArgumentException("tokenizer and vocabulary must be given");
        }
        Checks.positive(maxLength, "maximum length");
    }

    /** The ids of one text, at most maxLength of them. */
    public int[] encode(String text) {
        List<String> tokens = tokenizer.tokenize(text);
        return vocabulary.ids(tokens.subList(0, Math.min(tokens.size(), maxLength)));
    }

    /** The ids of every text, in order; a null text is an error naming its index. */
    public EncodedTexts encodeAll(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts to encode must be given, got null");
        }
        List<int[]> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " to encode is null");
            }
            ids.add(encode(texts.get(i)));
        }
        return new EncodedTexts(ids);
    }
}
