package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.BackendContract;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The backend contract on the cuda backend's Java and kernels, run on the CPU through {@link HostDevice}. */
@ExtendWith(RequiresHostCompiler.class)
class CudaEmulatedContractTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return HostDevice.backend();
    }

    @Override
    protected Tolerance routeTolerance() {
        return new Tolerance(1e-5, 1e-4);
    }
}
