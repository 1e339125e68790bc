package org.jrnn.host;

import org.jrnn.RnnSpec;
import org.jrnn.Tape;
import org.jrnn.tensor.HostTensor;

/**
 * The tape of a heap backend: layer outputs, gate activations, cell states and dropout masks, laid out as
 * {@link RnnSpec#tapeFloats} describes. Closing returns it to its network for reuse by the next pass of this shape.
 */
final class HostTape implements Tape {
    final HostRnn owner;
    final int steps;
    final int batch;
    /** Per layer: the layer's output [T, B, D*H], which is also h for every direction. */
    final float[][] out;
    /** Per layer and direction: gates [T, B, G*H]. */
    final float[][][] gates;
    /** Per layer and direction: LSTM c or GRU W_hn h + b_hn [T, B, H]; null for RNN. */
    final float[][][] extra;
    /** Per layer below the top when dropout > 0: mask [T, B, D*H]; else null. */
    final float[][] masks;
    private final long bytes;

    // Set by each forward pass that uses this tape.
    float[] input;
    int inputOff;
    int[] lengths;
    /** Copies of h0 and c0 [L*D, B, H], or null for zeros. */
    float[] h0;
    float[] c0;
    // Buffers behind the copies above and a batch-first input's time-major copy, kept with the pooled tape so that
    // repeated training passes of one shape allocate nothing.
    private float[] h0Buffer = new float[0];
    private float[] c0Buffer = new float[0];
    private float[] inputBuffer = new float[0];
    boolean batchFirst;
    boolean closed;
    boolean used;

    HostTape(HostRnn owner, RnnSpec spec, int steps, int batch) {
        this.owner = owner;
        this.steps = steps;
        this.batch = batch;
        int L = spec.layers();
        int D = spec.directions();
        int H = spec.hiddenSize();
        int rows = Math.multiplyExact(steps, batch);
        out = new float[L][Math.multiplyExact(rows, D * H)];
        gates = new float[L][D][];
        extra = new float[L][D][];
        boolean rnn = !spec.cell().hasCellState() && spec.cell() != org.jrnn.CellType.GRU;
        for (int l = 0; l < L; l++) {
            for (int d = 0; d < D; d++) {
                // A vanilla RNN's gate activation is h itself, already in out[l].
                gates[l][d] = rnn ? null : new float[Math.multiplyExact(rows, spec.gateRows())];
                extra[l][d] = rnn ? null : new float[Math.multiplyExact(rows, H)];
            }
        }
        masks = spec.dropout() > 0f && L > 1 ? new float[L - 1][Math.multiplyExact(rows, D * H)] : null;
        this.bytes = spec.tapeBytes(steps, batch);
    }

    /** Keeps copies of h0 and c0 (either may be null: zeros). */
    void keepInitialStates(HostTensor h0t, HostTensor c0t) {
        h0 = h0t == null ? null : (h0Buffer = copy(h0Buffer, h0t.data(), h0t.offset(), h0t.size()));
        c0 = c0t == null ? null : (c0Buffer = copy(c0Buffer, c0t.data(), c0t.offset(), c0t.size()));
    }

    /** Keeps a copy of a time-major input held in a workspace that the next call overwrites. */
    void keepInputCopy(float[] src, int n) {
        input = inputBuffer = copy(inputBuffer, src, 0, n);
        inputOff = 0;
    }

    private static float[] copy(float[] reuse, float[] src, int off, int n) {
        float[] dst = reuse.length >= n ? reuse : new float[n];
        System.arraycopy(src, off, dst, 0, n);
        return dst;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            input = null;
            owner.recycle(this);
        }
    }
}
