package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.OpsContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every TensorOps method on the GPU against the reference. The kernels compute in double where the reference does,
 * except gemm (cuBLAS float32 sums, TF32 off), so cpu-simd's tolerance is the expectation; not yet measured on a GPU.
 */
@ExtendWith(RequiresCuda.class)
class CudaOpsTest extends OpsContract {
    static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-5);

    @Override
    protected Backend newBackend() {
        return new CudaProvider().create();
    }

    @Override
    protected Tolerance opsTolerance() {
        return TOLERANCE;
    }
}
