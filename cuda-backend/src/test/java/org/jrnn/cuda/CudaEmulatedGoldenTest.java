package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.GoldenParityContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PyTorch golden files on the cuda backend's Java and kernels, run on the CPU ({@link HostDevice}). */
@ExtendWith(RequiresHostCompiler.class)
class CudaEmulatedGoldenTest extends GoldenParityContract {
    @Override
    protected Backend newBackend() {
        return HostDevice.backend();
    }

    @Override
    protected Tolerance forwardTolerance() {
        return CudaGoldenTest.FORWARD;
    }

    @Override
    protected Tolerance gradientTolerance() {
        return CudaGoldenTest.GRADIENTS;
    }
}
