package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.testing.OpsContract;
import org.jrnn.testing.Tolerance;

/** The ops contract with the reference on both sides: it runs every view, zero-size and error case of the contract. */
class ReferenceOpsContractTest extends OpsContract {
    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    /** The same code on both sides: results agree bit for bit. */
    @Override
    protected Tolerance opsTolerance() {
        return new Tolerance(0, 0);
    }
}
