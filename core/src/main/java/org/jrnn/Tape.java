package org.jrnn;

/**
 * What a training forward pass keeps for {@link Rnn#backward}: see
 * {@link RnnSpec#tapeBytes(int, int, boolean, boolean, boolean)} for its exact size. Opaque and backend-specific. Closing it returns its memory to the network for the next forward pass of the same
 * shape; a tape can be used for one backward pass and must come from the same network.
 */
public interface Tape extends AutoCloseable {
    /** Bytes held, added up from the tensors it keeps; equal to {@link RnnSpec#tapeBytes(int, int, boolean, boolean,
     *  boolean)} for the pass. */
    long bytes();

    @Override
    void close();
}
