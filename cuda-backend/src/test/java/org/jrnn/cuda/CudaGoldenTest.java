package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.GoldenParityContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The GPU against PyTorch's float64 golden files. float32 throughout (cuBLAS sums, tanhf/expf in the gate
 * kernels), so cpu-simd's tolerances are the expectation; not yet measured on a GPU.
 */
@ExtendWith(RequiresCuda.class)
class CudaGoldenTest extends GoldenParityContract {
    static final Tolerance FORWARD = new Tolerance(1e-5, 1e-4);
    static final Tolerance GRADIENTS = new Tolerance(1e-4, 1e-4);

    @Override
    protected Backend newBackend() {
        return new CudaProvider().create();
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
