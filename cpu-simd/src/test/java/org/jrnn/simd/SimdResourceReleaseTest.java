package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ResourceReleaseContract;

/** Opening and closing thousands of cpu-simd backends (each with a GEMM worker thread) leaves no thread behind. */
class SimdResourceReleaseTest extends ResourceReleaseContract {
    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }
}
