package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ConcurrentInferenceContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many threads serving one model on the GPU (predictors take turns on the backend); skipped without one. */
@ExtendWith(RequiresCuda.class)
class CudaConcurrentInferenceTest extends ConcurrentInferenceContract {
    @Override
    protected Backend newBackend() {
        return new CudaProvider().create();
    }

    @Override
    protected int largeCallEvery() {
        return 50;
    }
}
