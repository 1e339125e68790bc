package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.BackendContract;
import org.jrnn.testing.Tolerance;

/** The semantics every backend honours, on cpu-simd. */
class SimdContractTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }

    /** Different routes (batch vs alone, step vs sequence) may block the float32 sums differently. */
    @Override
    protected Tolerance routeTolerance() {
        return new Tolerance(1e-5, 1e-4);
    }
}
