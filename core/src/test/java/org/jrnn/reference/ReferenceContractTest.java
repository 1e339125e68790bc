package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.BackendContract;
import org.jrnn.testing.Tolerance;

class ReferenceContractTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    /** The reference takes the same arithmetic path whatever the batch, so routes agree to the last bit or so. */
    @Override
    protected Tolerance routeTolerance() {
        return new Tolerance(1e-6, 1e-6);
    }
}
