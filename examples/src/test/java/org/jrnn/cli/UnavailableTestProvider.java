package org.jrnn.cli;

import org.jrnn.backend.Backend;
import org.jrnn.backend.BackendProvider;
import org.jrnn.backend.Probe;

/** A provider that is never available, registered for the tests only, to exercise the "unavailable" paths. */
public final class UnavailableTestProvider implements BackendProvider {
    static final String NAME = "test-unavailable";
    static final String REASON = "no test device here: this provider is always unavailable";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Probe probe() {
        return Probe.unavailable(REASON);
    }

    @Override
    public Backend create() {
        throw new IllegalStateException("create() called although probe() said unavailable");
    }
}
