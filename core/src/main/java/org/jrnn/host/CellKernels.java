package org.jrnn.host;

/**
 * The compute kernels of a heap-memory backend for one layer and one direction. {@link HostRnn} does everything
 * around them (layers, directions, dropout, layouts, validation), so a backend only supplies these. An instance
 * belongs to one {@link HostRnn} and may keep scratch buffers between calls.
 */
public interface CellKernels {

    /** Forward over the whole sequence; see {@link DirectionPass} for what is read and written. */
    void forward(DirectionPass p);

    /** BPTT over the whole sequence, from the tape written by {@link #forward}. */
    void backward(DirectionPass p);

    /**
     * One step for B sequences of a unidirectional layer, in place: reads x [B, in] at {@code x[xOff..]}, h and c
     * [B, H]; overwrites h and c with the new state. Must give the same numbers as {@link #forward}.
     */
    void step(DirectionPass weightsOnly, float[] x, int xOff, int batch, float[] h, int hOff, float[] c, int cOff);
}
