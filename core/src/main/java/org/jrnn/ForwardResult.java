package org.jrnn;

import org.jrnn.tensor.Tensor;

/**
 * The outputs of a forward pass, all on the network's backend and owned by the caller.
 *
 * @param output [T, B, D*H] (or [B, T, D*H] batch-first); zero past each sequence's length
 * @param hN     [L*D, B, H], each sequence's state at its last valid step (the reverse direction: at step 0)
 * @param cN     [L*D, B, H] for LSTM, else null
 * @param tape   for {@link Rnn#backward} when run for training, else null
 */
public record ForwardResult(Tensor output, Tensor hN, Tensor cN, Tape tape) implements AutoCloseable {
    @Override
    public void close() {
        output.close();
        hN.close();
        if (cN != null) {
            cN.close();
        }
        if (tape != null) {
            tape.close();
        }
    }
}
