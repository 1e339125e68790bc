package org.jrnn.host;

import org.jrnn.CellType;
import org.jrnn.ParameterLayout;

/**
 * Every buffer and size of one layer and one direction over a whole sequence, for {@link CellKernels}. A plain
 * mutable holder, reused between calls so that the hot path allocates nothing. All sequence buffers are time-major:
 * row (t, b) of a buffer with row stride {@code ld} starts at {@code off + (t*B + b)*ld}.
 *
 * <p>Forward reads x, h0, c0 and the weights; writes y (h at valid steps, 0 at padded ones, in this direction's H
 * columns), hN, cN and, when training, the tape buffers. Backward reads the same plus dy, dhN, dcN; adds into dx and
 * the gradient buffer; writes dh0 and dc0.
 */
public final class DirectionPass {
    public CellType cell;
    /** Steps, sequences, input features, hidden features. */
    public int steps;
    public int batch;
    public int inputSize;
    public int hidden;
    /** Right to left: processes each sequence from its last valid step down to step 0. */
    public boolean reverse;
    /** Per-sequence lengths in [0, steps]; never null here. */
    public int[] lengths;

    /** Flat parameters and gradients, with this layer-direction's offsets (bias offsets -1 without bias). */
    public float[] params;
    public float[] grads;
    public ParameterLayout.Block weights;

    /** Input [T, B, inputSize], rows contiguous. */
    public float[] x;
    public int xOff;

    /** Initial states [B, H] (c0 only for LSTM). */
    public float[] h0;
    public int h0Off;
    public float[] c0;
    public int c0Off;

    /** Output [T, B, ldY]: this direction's H columns start at yOff. For training it is also the tape's h. */
    public float[] y;
    public int yOff;
    public int ldY;

    /** Final states [B, H]. */
    public float[] hN;
    public int hNOff;
    public float[] cN;
    public int cNOff;

    /** Tape (null for inference): activated gates [T, B, G*H]; LSTM cell state [T, B, H]; GRU W_hn h + b_hn [T, B, H]. */
    public float[] gates;
    public float[] cells;
    public float[] hn;

    /** Backward inputs: gradient of y (same layout as y, may be null for zero), of hN and cN ([B, H], may be null). */
    public float[] dy;
    public float[] dhN;
    public int dhNOff;
    public float[] dcN;
    public int dcNOff;

    /** Backward outputs: dx [T, B, inputSize] (added to), dh0 and dc0 [B, H] (overwritten). */
    public float[] dx;
    public int dxOff;
    public float[] dh0;
    public int dh0Off;
    public float[] dc0;
    public int dc0Off;

    /** Whether step t of sequence b is inside its length. */
    public boolean valid(int t, int b) {
        return t < lengths[b];
    }
}
