package org.jrnn.bench.jmh;

import org.jrnn.Rnn;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.Tensor;

/**
 * A plain SGD update {@code p -= lr * g} over all parameters of a network, as the backend's own
 * {@link TensorOps#sgdStep} (no momentum, no weight decay): it runs on any backend, on its memory, with no host copy.
 */
public interface SgdUpdate {

    void apply(float lr);

    static SgdUpdate of(Rnn rnn) {
        Tensor p = rnn.parameters();
        Tensor g = rnn.gradients();
        TensorOps ops = rnn.backend().ops();
        return lr -> ops.sgdStep(p, g, null, SgdParams.plain(lr), false);
    }
}
