package org.jrnn;

import org.jrnn.tensor.Tensor;

/**
 * The recurrent state a caller carries between {@link Rnn#step} calls for streaming inference.
 *
 * @param h [L, B, H]
 * @param c [L, B, H] for LSTM, else null
 */
public record RnnState(Tensor h, Tensor c) implements AutoCloseable {
    @Override
    public void close() {
        h.close();
        if (c != null) {
            c.close();
        }
    }
}
