package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.NumericsContract;
import org.jrnn.testing.Tolerance;

/** Exploding gradients and saturating activations on the reference backend (compared with itself as the oracle). */
class ReferenceNumericsTest extends NumericsContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    @Override
    protected Tolerance referenceTolerance() {
        return new Tolerance(0, 0);
    }
}
