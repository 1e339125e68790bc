package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.backend.BackendProvider;
import org.jrnn.backend.Probe;

/**
 * Registers the GPU backend, preferred over cpu-simd (100) when a GPU can run it. Constructing this class and
 * probing touch no JCuda class until the driver library is known to load: see {@link CudaProbe}.
 */
public final class CudaProvider implements BackendProvider {
    public static final String NAME = "cuda";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 200;
    }

    /** Probes afresh on every call; the core registry ({@code Backends}) caches the answer. */
    @Override
    public Probe probe() {
        try {
            return CudaProbe.probe();
        } catch (Throwable t) {
            return Probe.unavailable("the CUDA probe failed unexpectedly: " + t);
        }
    }

    @Override
    public Backend create() {
        try {
            return CudaBackend.open();
        } catch (LinkageError e) {
            throw new IllegalStateException("could not create the cuda backend: " + CudaProbe.linkageReason(e), e);
        }
    }
}
