package org.jrnn.simd;

import org.jrnn.backend.Backend;
import org.jrnn.testing.MemoryContract;

/** Training memory against the documented formula and streaming over 100,000 steps, on cpu-simd. */
class SimdMemoryTest extends MemoryContract {
    @Override
    protected Backend newBackend() {
        return new SimdBackend(2);
    }
}
