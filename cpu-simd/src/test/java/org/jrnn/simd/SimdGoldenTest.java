package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.GoldenParityContract;
import org.jrnn.testing.Tolerance;

/**
 * cpu-simd against PyTorch's float64 results. cpu-simd accumulates in float32 (FMA) and uses its own vectorised
 * sigmoid/tanh (max abs error 1.5e-7), so its tolerance is looser than the reference backend's.
 */
class SimdGoldenTest extends GoldenParityContract {
    /** Forward: 1e-5 absolute + 1e-4 relative. */
    static final Tolerance FORWARD = new Tolerance(1e-5, 1e-4);
    /** Gradients: 1e-4 absolute + 1e-4 relative. */
    static final Tolerance GRADIENTS = new Tolerance(1e-4, 1e-4);

    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
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
