package org.jrnn;

/**
 * The shape of a (possibly stacked, possibly bidirectional) recurrent network: everything needed to lay out
 * its parameters and size its buffers. Immutable.
 *
 * @param cell          the cell type
 * @param inputSize     I, features per time step of the input
 * @param hiddenSize    H, features of the hidden state of each direction
 * @param layers        L, stacked layers; layer l &gt; 0 reads the (concatenated) outputs of layer l-1
 * @param bidirectional whether each layer also runs right to left (D = 2)
 * @param bias          whether the layers have bias_ih and bias_hh
 * @param dropout       probability of zeroing each output of layers 0..L-2 during training (never after the last)
 */
public record RnnSpec(CellType cell, int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                      float dropout) {

    public RnnSpec {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be given");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden size must be >= 1, got " + hiddenSize);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if ((long) cell.gates() * hiddenSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is too large: a " + cell.id()
                    + " has " + cell.gates() + "*H gate rows, which must fit in 2^31-1");
        }
    }

    /** A single-layer, unidirectional spec with biases and no dropout. */
    public static RnnSpec of(CellType cell, int inputSize, int hiddenSize) {
        return new RnnSpec(cell, inputSize, hiddenSize, 1, false, true, 0f);
    }

    public RnnSpec withLayers(int n) {
        return new RnnSpec(cell, inputSize, hiddenSize, n, bidirectional, bias, dropout);
    }

    public RnnSpec withBidirectional(boolean b) {
        return new RnnSpec(cell, inputSize, hiddenSize, layers, b, bias, dropout);
    }

    public RnnSpec withBias(boolean b) {
        return new RnnSpec(cell, inputSize, hiddenSize, layers, bidirectional, b, dropout);
    }

    public RnnSpec withDropout(float p) {
        return new RnnSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, p);
    }

    /** D: 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Features per time step of the output: D*H. */
    public int outputSize() {
        return directions() * hiddenSize;
    }

    /** Input features of layer {@code l}: I for layer 0, D*H above it. */
    public int layerInputSize(int l) {
        return l == 0 ? inputSize : outputSize();
    }

    /** G*H: rows of weight_ih and weight_hh. */
    public int gateRows() {
        return cell.gates() * hiddenSize;
    }

    /** Shape of h0 and h_n: [L*D, B, H]. */
    public int[] stateShape(int batch) {
        return new int[] {layers * directions(), batch, hiddenSize};
    }

    /** The parameters' names, shapes and offsets in the flat parameter buffer. */
    public ParameterLayout parameterLayout() {
        return ParameterLayout.of(this);
    }

    /**
     * Floats of activations kept on the tape by a training forward pass over {@code steps} time steps and
     * {@code batch} sequences. Per layer and direction the tape holds, for every step and sequence:
     * <ul>
     *   <li>LSTM: the activated gates i,f,g,o (4H), the cell state c (H) and the hidden state h (H): 6H;</li>
     *   <li>GRU: the activated gates r,z,n (3H), {@code W_hn h + b_hn} (H) and h (H): 5H;</li>
     *   <li>RNN: h (H), from which the activation's derivative follows.</li>
     * </ul>
     * plus, when dropout &gt; 0, one mask of D*H per step and sequence for each of layers 0..L-2. So
     * {@code T*B*H*(L*D*k + (dropout > 0 ? (L-1)*D : 0))} with k = 6, 5, 1.
     */
    public long tapeFloats(int steps, int batch) {
        long k = switch (cell) {
            case LSTM -> 6;
            case GRU -> 5;
            case RNN_TANH, RNN_RELU -> 1;
        };
        long perStep = (long) layers * directions() * k;
        if (dropout > 0f && layers > 1) {
            perStep += (long) (layers - 1) * directions();
        }
        return (long) steps * batch * hiddenSize * perStep;
    }

    /** {@link #tapeBytes(int, int, boolean, boolean, boolean)} of a time-major pass with zero initial states. */
    public long tapeBytes(int steps, int batch) {
        return tapeBytes(steps, batch, false, false, false);
    }

    /**
     * Bytes a training forward pass keeps until its tape is closed, as {@link org.jrnn.Tape#bytes()} measures them:
     * the {@link #tapeFloats activations} (4 bytes each), the B lengths (int32), and the copies the pass makes of
     * what the caller may change before backward: h0 and c0 when given ({@code L*D*B*H} floats each) and the
     * time-major copy of a batch-first input ({@code T*B*I} floats). A time-major input is referenced, not copied.
     */
    public long tapeBytes(int steps, int batch, boolean h0Given, boolean c0Given, boolean batchFirstInput) {
        long state = (long) layers * directions() * batch * hiddenSize;
        long floats = tapeFloats(steps, batch) + (h0Given ? state : 0) + (c0Given ? state : 0)
                + (batchFirstInput ? (long) steps * batch * inputSize : 0);
        return 4L * floats + 4L * batch;
    }

    /** Multiply-adds times two of one forward pass over T steps and B sequences (gate GEMMs only). */
    public double forwardFlops(int steps, int batch) {
        double f = 0;
        for (int l = 0; l < layers; l++) {
            f += 2.0 * steps * batch * gateRows() * (layerInputSize(l) + hiddenSize) * directions();
        }
        return f;
    }
}
