package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.NumericsContract;
import org.jrnn.testing.Tolerance;

/** Exploding gradients and saturating activations on cpu-simd, against the reference within its stated tolerance. */
class SimdNumericsTest extends NumericsContract {
    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }

    @Override
    protected Tolerance referenceTolerance() {
        return new Tolerance(1e-5, 1e-5);
    }
}
