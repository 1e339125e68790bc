package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.GoldenParityContract;
import org.jrnn.testing.Tolerance;

/**
 * The reference backend against PyTorch (float64 results). The reference accumulates in double but stores every
 * state as float32, so its error is float32 rounding carried through up to 50 steps and 3 layers.
 */
class ReferenceGoldenTest extends GoldenParityContract {
    /** Forward: 1e-5 absolute + 1e-5 relative. */
    static final Tolerance FORWARD = new Tolerance(1e-5, 1e-5);
    /** Gradients: 5e-5 absolute + 1e-4 relative (sums over T*B terms). */
    static final Tolerance GRADIENTS = new Tolerance(5e-5, 1e-4);

    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    @Override
    protected Tolerance forwardTolerance() {
        return FORWARD;
    }

    @Override
    protected Tolerance gradientTolerance() {
        return GRADIENTS;
    }
}
