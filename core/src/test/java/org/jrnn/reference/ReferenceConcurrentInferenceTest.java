package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ConcurrentInferenceContract;

/** One model served from many threads on the reference backend. */
class ReferenceConcurrentInferenceTest extends ConcurrentInferenceContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }
}
