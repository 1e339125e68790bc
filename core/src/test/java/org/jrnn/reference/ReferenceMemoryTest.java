package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.MemoryContract;

/** Training memory against the documented formula and streaming over 100,000 steps, on the reference backend. */
class ReferenceMemoryTest extends MemoryContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }
}
