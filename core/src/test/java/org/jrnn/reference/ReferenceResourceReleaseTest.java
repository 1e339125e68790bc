package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ResourceReleaseContract;

/** Opening and closing thousands of reference backends, networks and models leaves nothing behind. */
class ReferenceResourceReleaseTest extends ResourceReleaseContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }
}
