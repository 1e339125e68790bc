package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.Tolerance;
import org.jrnn.testing.TrainerGoldenContract;

/** Whole training runs on the reference backend against PyTorch's float64 runs. */
class ReferenceTrainerGoldenTest extends TrainerGoldenContract {
    /**
     * Parameters after every step, batch losses, evaluation logits and loss: 2e-6 absolute + 1e-5 relative.
     * Measured worst over the 22 cases (4 batches each): parameters 2.4e-7 (one float32 ulp of the embedding's N(0, 1)
     * values), batch and evaluation losses 1.2e-7, evaluation logits 1.2e-7, for SGD, Adam and AdamW alike; the margin
     * leaves room for longer or larger cases.
     */
    static final Tolerance TRAINING = new Tolerance(2e-6, 1e-5);

    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    @Override
    protected Tolerance tolerance() {
        return TRAINING;
    }
}
