package org.jrnn.bench.jmh;

import org.jrnn.Rnn;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * A plain SGD update {@code p -= lr * g} over all parameters of a network. Heap backends update the
 * {@link HostTensor} arrays in place; other backends have no update in the API yet, so their parameters and
 * gradients go through host copies (and that time is part of the training step they report).
 */
public interface SgdUpdate {

    void apply(float lr);

    static SgdUpdate of(Rnn rnn) {
        Tensor p = rnn.parameters();
        Tensor g = rnn.gradients();
        if (p instanceof HostTensor hp && g instanceof HostTensor hg) {
            return lr -> axpy(hp.data(), hp.offset(), hg.data(), hg.offset(), hp.size(), lr);
        }
        float[] ph = new float[p.size()];
        float[] gh = new float[g.size()];
        return lr -> {
            rnn.backend().copyToHost(p, ph, 0);
            rnn.backend().copyToHost(g, gh, 0);
            axpy(ph, 0, gh, 0, ph.length, lr);
            rnn.backend().copyFromHost(ph, 0, p);
        };
    }

    private static void axpy(float[] p, int pOff, float[] g, int gOff, int n, float lr) {
        for (int i = 0; i < n; i++) {
            p[pOff + i] -= lr * g[gOff + i];
        }
    }
}
