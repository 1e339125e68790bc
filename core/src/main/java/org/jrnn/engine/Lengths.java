package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * The per-sequence lengths of a batch, each in [0, T]: on the host for loop bounds, and as an int32 tensor [B] on
 * the network's backend for device kernels.
 */
public record Lengths(int[] host, Tensor tensor) {

    public int of(int b) {
        return host[b];
    }

    /** Whether step t of sequence b is inside its length. */
    public boolean valid(int t, int b) {
        return t < host[b];
    }
}
