package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ConcurrentInferenceContract;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many threads serving one model on the cuda backend's Java and kernels (host emulation): the backend's operations
 * are not concurrent ({@link Backend#concurrentOps()} is false), so the predictors take turns on it and must still
 * give the single-threaded results.
 */
@ExtendWith(RequiresHostCompiler.class)
class CudaEmulatedConcurrentInferenceTest extends ConcurrentInferenceContract {
    @Override
    protected Backend newBackend() {
        return HostDevice.backend();
    }

    /** The emulation runs every kernel on one host thread: fewer calls. */
    @Override
    protected int defaultCalls() {
        return 100;
    }
}
