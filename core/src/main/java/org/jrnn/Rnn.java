package org.jrnn;

import org.jrnn.backend.Backend;
import org.jrnn.tensor.Tensor;

/**
 * A recurrent network of one {@link RnnSpec} living on one {@link Backend}: its parameters, their gradients and the
 * workspaces it reuses between calls. Not thread-safe: confine an instance to one thread. To serve one set of weights
 * from many threads, create a network per thread over the same parameter tensor
 * ({@link Backend#createRnn(RnnSpec, Tensor, Tensor)}; inference only reads it) on a backend whose
 * {@link Backend#concurrentOps()} is true, as {@link org.jrnn.nn.Predictor} does for a whole model.
 *
 * <p>Shapes: T steps, B sequences, I = {@code spec.inputSize()}, H = {@code spec.hiddenSize()}, L layers, D
 * directions. Inputs are time-major [T, B, I] unless {@link RunOptions#batchFirst()}.
 *
 * <p>Lengths: {@code lengths[b]} in [0, T] is sequence b's length (null: all T). Outputs past it are zero; h_n is
 * the state after its last valid step; the reverse direction starts at that step from h0; padding receives and passes
 * no gradient. A length of 0 leaves h_n = h0. These are PyTorch's packed-sequence semantics.
 *
 * <p>Ownership: the tensors of a {@link ForwardResult} or {@link BackwardResult} are the caller's until it closes the
 * result. Closing returns their memory to the network, which reuses it for the next call (and so allocates nothing
 * in a loop that closes each result, e.g. with try-with-resources); a result still open at the next call is left
 * alone and that call gets new memory. A result's tensors become unusable when it is closed or when the network is
 * closed. The tape likewise returns to the network when closed. Inputs are only read; a training forward keeps a
 * reference to a time-major input until its tape is closed, so that input must not change before backward.
 * {@link #parameters()} and {@link #gradients()} belong to the network and live as long as it does.
 */
public interface Rnn extends AutoCloseable {

    RnnSpec spec();

    Backend backend();

    /** All parameters as one flat tensor laid out by {@link RnnSpec#parameterLayout()}. */
    Tensor parameters();

    /** Gradients of all parameters, same layout; {@link #backward} adds to them. */
    Tensor gradients();

    /** Sets {@link #gradients()} to zero (backward accumulates; zeroing is this separate step). */
    void zeroGradients();

    /**
     * Runs the whole sequence. Shapes, element types, backends and lengths are checked (an
     * {@link IllegalArgumentException} naming the tensor, its shape and the expected one, or the index of a bad
     * length); zero B or T is allowed and gives empty outputs (T = 0: h_n = h0), and a length may be 0 (that
     * sequence's outputs are zero and its h_n is its h0). Values are not screened for NaN or infinity: the tensors may
     * live on a device, where a check costs a reduction and a synchronisation per call, and a NaN shows in the
     * outputs; data is checked where it enters instead ({@link org.jrnn.io.Finite}: files, datasets, loaded weights).
     *
     * @param input   [T, B, I] (or [B, T, I] batch-first)
     * @param h0      [L*D, B, H] or null for zeros
     * @param c0      [L*D, B, H] for LSTM, or null for zeros; must be null for other cells
     * @param lengths per-sequence lengths or null; copied, not kept
     */
    ForwardResult forward(Tensor input, Tensor h0, Tensor c0, int[] lengths, RunOptions options);

    /**
     * Backpropagation through time for a training {@link #forward}. The tape keeps a reference to the forward
     * input, which must not change in between.
     *
     * @param gradOutput same shape as the forward's output (null: zero)
     * @param gradHn     [L*D, B, H] or null
     * @param gradCn     [L*D, B, H] for LSTM or null
     */
    BackwardResult backward(Tape tape, Tensor gradOutput, Tensor gradHn, Tensor gradCn);

    /** A zero state for {@link #step} with B sequences. */
    RnnState newState(int batch);

    /**
     * One time step of a unidirectional network for streaming inference: reads {@code x} [B, I] and
     * {@code state}, writes the new state into {@code state} and the top layer's h into {@code out} [B, H]. Gives
     * the same numbers as {@link #forward} over the same sequence. Allocates nothing.
     */
    void step(Tensor x, RnnState state, Tensor out);

    /** Releases workspaces and device memory of the parameters and gradients. */
    @Override
    void close();
}
