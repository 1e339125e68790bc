package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ConcurrentInferenceContract;

/**
 * One model served from many threads on cpu-simd (2 GEMM threads): the small calls stay on their callers, and every
 * 50th call per thread is large enough to take the worker pool, which one caller holds at a time while concurrent
 * callers run their GEMMs on their own threads; the results must not depend on which.
 */
class SimdConcurrentInferenceTest extends ConcurrentInferenceContract {
    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }

    /** Fewer than the reference's 2,000: most of this test's time is C2 compiling the Vector API kernels. */
    @Override
    protected int defaultCalls() {
        return 1_000;
    }

    @Override
    protected int largeCallEvery() {
        return 50;
    }
}
