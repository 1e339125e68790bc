package org.jrnn;

import org.jrnn.tensor.Tensor;

/**
 * Gradients with respect to a forward pass's inputs, on the network's backend, owned by the caller. Parameter
 * gradients are accumulated into {@link Rnn#gradients()} instead.
 *
 * @param gradInput same shape as the input; zero past each sequence's length
 * @param gradH0    [L*D, B, H]
 * @param gradC0    [L*D, B, H] for LSTM, else null
 */
public record BackwardResult(Tensor gradInput, Tensor gradH0, Tensor gradC0) implements AutoCloseable {
    @Override
    public void close() {
        gradInput.close();
        gradH0.close();
        if (gradC0 != null) {
            gradC0.close();
        }
    }
}
