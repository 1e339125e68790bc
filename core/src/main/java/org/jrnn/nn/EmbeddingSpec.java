package org.jrnn.nn;

/**
 * A token embedding, as {@code nn.Embedding(vocabulary, dimension, padding_idx)}.
 *
 * @param paddingIndex the id whose row stays zero and gets no gradient, or −1 for none
 */
public record EmbeddingSpec(int vocabulary, int dimension, int paddingIndex) {
    public EmbeddingSpec {
        if (vocabulary < 1 || dimension < 1) {
            throw new IllegalArgumentException("an embedding needs vocabulary and dimension >= 1, got " + vocabulary
                    + " x " + dimension);
        }
        if (paddingIndex < -1 || paddingIndex >= vocabulary) {
            throw new IllegalArgumentException("padding index " + paddingIndex + " is outside [0, " + vocabulary
                    + ") (or -1 for none)");
        }
    }
}
