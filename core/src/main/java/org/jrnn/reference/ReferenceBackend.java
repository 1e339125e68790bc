package org.jrnn.reference;

import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.host.HostBackend;
import org.jrnn.host.HostRnn;

/** The plain-Java backend: clear, slow, and the oracle every other backend is tested against. */
public final class ReferenceBackend extends HostBackend {
    public static final String NAME = "reference";

    public ReferenceBackend() {
        super(NAME);
    }

    @Override
    public String describe() {
        return "plain Java, one thread, double accumulation (the test oracle)";
    }

    @Override
    public Rnn createRnn(RnnSpec spec) {
        return new HostRnn(this, spec, new ReferenceKernels());
    }
}
