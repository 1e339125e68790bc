package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.OpsContract;
import org.jrnn.testing.Tolerance;

/** Every TensorOps method on cpu-simd against the reference: the native ones and those it inherits. */
class SimdOpsTest extends OpsContract {
    /**
     * The reference computes in double and rounds once; cpu-simd stays in float32 (fma chains, sums blocked by
     * vector lane): a few float32 roundings of values of order 1 apart. The contract widens atol by sqrt(k) for gemm.
     * Checked: at (1e-6, 1e-6) everything but gemm still passes; gemm's float sums are off by up to 7.6e-6 at k = 257.
     */
    static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-5);

    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }

    @Override
    protected Tolerance opsTolerance() {
        return TOLERANCE;
    }
}
