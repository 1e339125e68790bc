package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.BackendContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The semantics every backend honours, on the GPU; skipped with the probe's reason where there is none. */
@ExtendWith(RequiresCuda.class)
class CudaContractTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return new CudaProvider().create();
    }

    /** Routes differ in cuBLAS's float32 blocking (batch vs alone, step vs sequence), as on cpu-simd. */
    @Override
    protected Tolerance routeTolerance() {
        return new Tolerance(1e-5, 1e-4);
    }
}
