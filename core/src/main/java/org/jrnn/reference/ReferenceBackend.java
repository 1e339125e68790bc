package org.jrnn.reference;

import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.tensor.Tensor;
import org.jrnn.backend.Capabilities;
import org.jrnn.host.HostBackend;
import org.jrnn.engine.RnnNetwork;

/** The plain-Java backend: clear, slow, and the oracle every other backend is tested against. */
public final class ReferenceBackend extends HostBackend {
    public static final String NAME = "reference";

    private final ReferenceOps ops = new ReferenceOps(this);

    public ReferenceBackend() {
        super(NAME);
    }

    @Override
    public Capabilities capabilities() {
        return cpuCapabilities(1, "plain Java");
    }

    @Override
    public ReferenceOps ops() {
        return ops;
    }

    @Override
    public String describe() {
        return "plain Java, one thread, double accumulation (the test oracle)";
    }

    @Override
    public Rnn createRnn(RnnSpec spec) {
        return new RnnNetwork(this, spec, new ReferenceKernels());
    }

    @Override
    public Rnn createRnn(RnnSpec spec, Tensor parameters, Tensor gradients) {
        return new RnnNetwork(this, spec, new ReferenceKernels(), parameters, gradients);
    }
}
