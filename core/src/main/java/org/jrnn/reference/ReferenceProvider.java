package org.jrnn.reference;

import org.jrnn.backend.Backend;
import org.jrnn.backend.BackendProvider;
import org.jrnn.backend.Probe;

/** Registers the reference backend; always available, lowest priority. */
public final class ReferenceProvider implements BackendProvider {
    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Probe probe() {
        return Probe.available("plain Java, always available");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
