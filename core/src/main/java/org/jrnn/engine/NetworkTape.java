package org.jrnn.engine;

import java.util.ArrayList;
import java.util.List;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.Tape;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;

/**
 * The tape of a training forward pass, on the network's backend, for any backend. Holds per layer the output
 * [T, B, D*H] (h of both directions), per layer and direction a {@link DirectionTape}, the dropout masks
 * [T, B, D*H] of layers 0..L-2 when dropout &gt; 0, the lengths, and copies of h0/c0 and of a batch-first input when
 * the pass had them. {@link #bytes()} adds up the tensors actually held; {@link RnnSpec#tapeBytes(int, int, boolean,
 * boolean, boolean)} is the formula it must equal. Closing returns it to its network for the next pass of the shape.
 */
final class NetworkTape implements Tape {
    final RnnNetwork owner;
    final int steps;
    final int batch;
    final Tensor[] out;
    final DirectionTape[][] directions;
    /** Per layer below the top when dropout &gt; 0, else null. */
    final Tensor[] masks;
    final Tensor lengthsTensor;
    private final Backend backend;
    private final RnnSpec spec;
    private final List<Tensor> owned = new ArrayList<>();

    // Set by each forward pass that uses this tape.
    Lengths lengths;
    /** The time-major input of layer 0: the caller's tensor, or {@link #inputCopy} for a batch-first input. */
    Tensor input;
    /** h0 and c0 of this pass [L*D, B, H], copies; null for zeros. */
    Tensor h0;
    Tensor c0;
    boolean batchFirst;
    boolean closed;
    boolean used;
    private Tensor h0Copy;
    private Tensor c0Copy;
    private Tensor inputCopy;

    NetworkTape(RnnNetwork owner, Backend backend, RnnSpec spec, int steps, int batch) {
        this.owner = owner;
        this.backend = backend;
        this.spec = spec;
        this.steps = steps;
        this.batch = batch;
        int L = spec.layers();
        int D = spec.directions();
        int H = spec.hiddenSize();
        out = new Tensor[L];
        directions = new DirectionTape[L][D];
        CellType cell = spec.cell();
        for (int l = 0; l < L; l++) {
            out[l] = own(backend.allocate(steps, batch, D * H));
            for (int d = 0; d < D; d++) {
                directions[l][d] = switch (cell) {
                    case LSTM -> new DirectionTape(own(backend.allocate(steps, batch, spec.gateRows())),
                            own(backend.allocate(steps, batch, H)), null);
                    case GRU -> new DirectionTape(own(backend.allocate(steps, batch, spec.gateRows())), null,
                            own(backend.allocate(steps, batch, H)));
                    case RNN_TANH, RNN_RELU -> new DirectionTape(null, null, null);
                };
            }
        }
        if (spec.dropout() > 0f && L > 1) {
            masks = new Tensor[L - 1];
            for (int l = 0; l < L - 1; l++) {
                masks[l] = own(backend.allocate(steps, batch, D * H));
            }
        } else {
            masks = null;
        }
        lengthsTensor = own(backend.allocate(ElementType.INT32, batch));
    }

    private Tensor own(Tensor t) {
        owned.add(t);
        return t;
    }

    /** Keeps copies of h0 and c0 [L*D, B, H] (either may be null: zeros). */
    void keepInitialStates(Tensor h0Source, Tensor c0Source) {
        if (h0Source != null) {
            if (h0Copy == null) {
                h0Copy = backend.allocate(h0Source.shape());
            }
            backend.copy(h0Source, h0Copy);
        }
        if (c0Source != null) {
            if (c0Copy == null) {
                c0Copy = backend.allocate(c0Source.shape());
            }
            backend.copy(c0Source, c0Copy);
        }
        h0 = h0Source == null ? null : h0Copy;
        c0 = c0Source == null ? null : c0Copy;
    }

    /** A time-major buffer [T, B, I] this tape owns, for the copy of a batch-first input. */
    Tensor inputBuffer() {
        if (inputCopy == null) {
            inputCopy = backend.allocate(steps, batch, spec.inputSize());
        }
        return inputCopy;
    }

    /** Bytes of the tensors this pass holds: activations, masks, lengths, and the copies it made. */
    @Override
    public long bytes() {
        long b = 0;
        for (Tensor t : owned) {
            b += t.bytes();
        }
        if (h0 != null) {
            b += h0.bytes();
        }
        if (c0 != null) {
            b += c0.bytes();
        }
        if (batchFirst) {
            b += inputCopy.bytes();
        }
        return b;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            input = null;
            owner.recycle(this);
        }
    }

    /** Frees the memory (when the network drops this tape or closes). */
    void release() {
        closed = true;
        for (Tensor t : owned) {
            t.close();
        }
        for (Tensor t : new Tensor[] {h0Copy, c0Copy, inputCopy}) {
            if (t != null) {
                t.close();
            }
        }
    }
}
