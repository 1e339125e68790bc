package org.jrnn.simd;

import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.engine.DirectionTape;
import org.jrnn.engine.LayerBackward;
import org.jrnn.engine.LayerForward;
import org.jrnn.engine.LayerShape;
import org.jrnn.engine.LayerStep;
import org.jrnn.host.HostWeights;
import org.jrnn.host.Rows;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * One {@link LayerForward}, {@link LayerBackward} or {@link LayerStep} seen as heap arrays and offsets: what the
 * {@link SimdKernels} time loops index, resolved once per call. Immutable. Sequence buffers are time-major: row
 * (t, b) of x starts at {@code xOff + (t*B + b)*inputSize}; of y and dy at {@code yOff/dyOff + (t*B + b)*ldY}
 * (their offsets include this direction's column); tape buffers at {@code (t*B + b)*width}.
 */
final class HeapPass {
    final CellType cell;
    final int steps, batch, inputSize, hidden;
    final boolean reverse;
    /** Per-sequence lengths in [0, steps]. */
    final int[] lengths;
    /** The flat parameter buffer and its gradients, with this layer-direction's offsets (same in both). */
    final float[] params, grads;
    final ParameterLayout.Block weights;
    final float[] x;
    final int xOff;
    final float[] h0, c0;
    final int h0Off, c0Off;
    final float[] y;
    final int yOff, ldY;
    /** Forward outputs: each sequence's state after its last valid step, [B, H]. */
    final float[] hFinal, cFinal;
    final int hFinalOff, cFinalOff;
    /** Tape (null for inference): gates [T*B, G*H]; LSTM cell states [T*B, H]; GRU W_hn h + b_hn [T*B, H]. */
    final float[] gates, cellStates, gruHn;
    /** Backward inputs (null: zero): gradient of the layer output (as y), of hFinal and cFinal. */
    final float[] dy, dhFinal, dcFinal;
    final int dyOff, dhFinalOff, dcFinalOff;
    /** Backward outputs: dx [T*B, inputSize] (added to), dh0 and dc0 [B, H] (overwritten). */
    final float[] dx, dh0, dc0;
    final int dxOff, dh0Off, dc0Off;

    private HeapPass(LayerShape s, int[] lengths, HostWeights w, HostWeights gw, Tensor x, Tensor h0, Tensor c0,
                     Rows y, Tensor hFinal, Tensor cFinal, DirectionTape tape, Rows dy, Tensor dhFinal,
                     Tensor dcFinal, Tensor dx, Tensor dh0, Tensor dc0) {
        cell = s.cell();
        steps = s.steps();
        batch = s.batch();
        inputSize = s.inputSize();
        hidden = s.hidden();
        reverse = s.reverse();
        this.lengths = lengths;
        params = w.array();
        weights = new ParameterLayout.Block(w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh());
        if (gw != null && (gw.weightIh() != w.weightIh() || gw.weightHh() != w.weightHh()
                || gw.biasIh() != w.biasIh() || gw.biasHh() != w.biasHh())) {
            throw new IllegalArgumentException("gradients are not laid out like the parameters");
        }
        grads = gw != null ? gw.array() : null;
        this.x = array(x);
        xOff = offset(x);
        this.h0 = array(h0);
        h0Off = offset(h0);
        this.c0 = array(c0);
        c0Off = offset(c0);
        this.y = y != null ? y.array() : null;
        yOff = y != null ? y.offset() : 0;
        ldY = y != null ? y.stride() : 0;
        this.hFinal = array(hFinal);
        hFinalOff = offset(hFinal);
        this.cFinal = array(cFinal);
        cFinalOff = offset(cFinal);
        gates = tape != null ? tapeArray(tape.gates()) : null;
        cellStates = tape != null ? tapeArray(tape.cellStates()) : null;
        gruHn = tape != null ? tapeArray(tape.gruHn()) : null;
        this.dy = dy != null ? dy.array() : null;
        dyOff = dy != null ? dy.offset() : 0;
        this.dhFinal = array(dhFinal);
        dhFinalOff = offset(dhFinal);
        this.dcFinal = array(dcFinal);
        dcFinalOff = offset(dcFinal);
        this.dx = array(dx);
        dxOff = offset(dx);
        this.dh0 = array(dh0);
        dh0Off = offset(dh0);
        this.dc0 = array(dc0);
        dc0Off = offset(dc0);
    }

    static HeapPass of(LayerForward f) {
        return new HeapPass(f.shape(), f.lengths().host(), HostWeights.of(f.weights()), null, f.x(), f.h0(), f.c0(),
                Rows.of(f.y()), f.hFinal(), f.cFinal(), f.tape(), null, null, null, null, null, null);
    }

    static HeapPass of(LayerBackward b) {
        return new HeapPass(b.shape(), b.lengths().host(), HostWeights.of(b.weights()), HostWeights.of(b.grads()),
                b.x(), b.h0(), b.c0(), Rows.of(b.y()), null, null, b.tape(),
                Rows.sameColumns(b.dy(), b.y(), "grad of the layer output"), b.dhFinal(), b.dcFinal(), b.dx(),
                b.dh0(), b.dc0());
    }

    /** Weights and sizes only (the step's x, h and c are passed separately). */
    static HeapPass of(LayerStep s) {
        return new HeapPass(s.shape(), null, HostWeights.of(s.weights()), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    private static float[] array(Tensor t) {
        return t == null ? null : HostTensor.of(t, "kernel argument").data();
    }

    private static int offset(Tensor t) {
        return t == null ? 0 : HostTensor.of(t, "kernel argument").offset();
    }

    /** Tape tensors are roots allocated by the engine, indexed from 0. */
    private static float[] tapeArray(Tensor t) {
        if (t == null) {
            return null;
        }
        HostTensor h = HostTensor.of(t, "tape");
        if (h.offset() != 0) {
            throw new IllegalArgumentException("tape tensors must start at offset 0 of their array");
        }
        return h.data();
    }
}
