package org.jrnn.nn;

import org.jrnn.tensor.Tensor;

/**
 * One batch of inputs on the model's backend, time-major: {@code features} [T, B, I] float32 for a model without an
 * embedding, or {@code tokens} [T, B] int32 for one with; the other is null. {@code lengths} are each sequence's
 * valid steps, on the host (for loop bounds) and as an int32 tensor [B] on the backend.
 */
public record ModelInput(Tensor features, Tensor tokens, int[] lengths, Tensor lengthsTensor) {

    public int steps() {
        return features != null ? features.dim(0) : tokens.dim(0);
    }

    public int batch() {
        return features != null ? features.dim(1) : tokens.dim(1);
    }
}
