package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.OpsContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every TensorOps method of the cuda backend against the reference, its kernels run on the CPU ({@link HostDevice}). */
@ExtendWith(RequiresHostCompiler.class)
class CudaEmulatedOpsTest extends OpsContract {
    @Override
    protected Backend newBackend() {
        return HostDevice.backend();
    }

    @Override
    protected Tolerance opsTolerance() {
        return CudaOpsTest.TOLERANCE;
    }
}
