package org.jrnn.train;

import org.jrnn.nn.ModelInput;
import org.jrnn.tensor.Tensor;

/**
 * One mini-batch on the model's backend: the model's input, the loss targets (floats shaped like the logits, or int
 * class ids [B]) and, for per-step targets, a mask over the logits' rows (1 at valid steps). Views of a
 * {@link BatchLoader}'s buffers: valid until its next batch.
 *
 * @param indices the dataset rows in this batch, in order
 */
public record DeviceBatch(int[] indices, ModelInput input, Tensor targets, Tensor mask) {
    public int size() {
        return indices.length;
    }
}
