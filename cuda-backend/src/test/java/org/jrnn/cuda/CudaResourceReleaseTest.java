package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ResourceReleaseContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** Opening and closing GPU backends, networks and models leaves no tensor or thread behind; skipped without one. */
@ExtendWith(RequiresCuda.class)
class CudaResourceReleaseTest extends ResourceReleaseContract {
    @Override
    protected Backend newBackend() {
        return new CudaProvider().create();
    }

    /** Each backend retains the primary context and creates a cuBLAS handle and a stream. */
    @Override
    protected int defaultRounds() {
        return 100;
    }
}
