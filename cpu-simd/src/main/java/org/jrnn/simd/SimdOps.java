package org.jrnn.simd;

import org.jrnn.host.HostBackend;
import org.jrnn.reference.ReferenceOps;
import org.jrnn.simd.gemm.Sgemm;

/** The Vector API operations: placeholder (inherits the reference) until written. */
public final class SimdOps extends ReferenceOps {
    private final Sgemm gemm;

    public SimdOps(HostBackend backend, Sgemm gemm) {
        super(backend);
        this.gemm = gemm;
    }
}
