package org.jrnn.reference;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.engine.LayerBackward;
import org.jrnn.engine.LayerForward;
import org.jrnn.engine.LayerKernels;
import org.jrnn.engine.LayerShape;
import org.jrnn.engine.LayerStep;
import org.jrnn.engine.Lengths;
import org.jrnn.host.HostWeights;
import org.jrnn.host.Rows;

/**
 * The oracle: each cell's forward and backward written as directly as the maths, one sequence and one step at a
 * time, dot products accumulated in double. Speed is not a goal here; every other backend is tested against this.
 *
 * <p>Per step, with pre-activations {@code a = W_ih x + b_ih} and {@code r = W_hh h + b_hh} (each [G*H]):
 * <pre>
 * LSTM  i,f,o = sigmoid(a+r) blocks 0,1,3; g = tanh(a+r) block 2; c' = f*c + i*g; h' = o*tanh(c')
 * GRU   r,z = sigmoid(a+r) blocks 0,1; hn = r_n (block 2 of W_hh h + b_hh); n = tanh(a_n + r*hn); h' = (1-z)*n + z*h
 * RNN   h' = tanh(a+r) or relu(a+r)
 * </pre>
 * Buffers are time-major: row (t, b) of a sequence is t*B + b ({@link Rows}).
 */
final class ReferenceKernels implements LayerKernels {
    // Scratch, grown on demand.
    private float[] h = new float[0];
    private float[] c = new float[0];
    private float[] dh = new float[0];
    private float[] dc = new float[0];
    private double[] preIh = new double[0];
    private double[] preHh = new double[0];
    private double[] deltaIh = new double[0];
    private double[] deltaHh = new double[0];
    private float[] stepGates = new float[0];

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(LayerForward f) {
        final LayerShape s = f.shape();
        final int T = s.steps(), B = s.batch(), H = s.hidden(), GH = s.gateRows();
        final HostWeights w = HostWeights.of(f.weights());
        final Rows x = Rows.of(f.x(), "x"), y = Rows.of(f.y());
        final Rows h0 = Rows.of(f.h0(), "h0"), c0 = Rows.of(f.c0(), "c0");
        final Rows hFinal = Rows.of(f.hFinal(), "h_n"), cFinal = Rows.of(f.cFinal(), "c_n");
        final boolean tape = f.tape() != null && f.tape().gates() != null;
        final Rows gates = tape ? Rows.of(f.tape().gates(), "tape gates") : null;
        final Rows cells = tape ? Rows.of(f.tape().cellStates(), "tape cell states") : null;
        final Rows gruHn = tape ? Rows.of(f.tape().gruHn(), "tape W_hn h + b_hn") : null;
        h = grow(h, B * H);
        c = grow(c, B * H);
        stepGates = grow(stepGates, GH);
        System.arraycopy(h0.array(), h0.offset(), h, 0, B * H);
        if (s.cell() == CellType.LSTM) {
            System.arraycopy(c0.array(), c0.offset(), c, 0, B * H);
        }
        for (int step = 0; step < T; step++) {
            int t = s.reverse() ? T - 1 - step : step;
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                if (!f.lengths().valid(t, b)) {
                    Arrays.fill(y.array(), y.at(row), y.at(row) + H, 0f);
                    continue;
                }
                float[] g = gates != null ? gates.array() : stepGates;
                int gAt = gates != null ? gates.at(row) : 0;
                cellForward(s, w, x.array(), x.at(row), h, b * H, c, b * H, g, gAt,
                        gruHn != null ? gruHn.array() : null, gruHn != null ? gruHn.at(row) : -1);
                System.arraycopy(h, b * H, y.array(), y.at(row), H);
                if (cells != null) {
                    System.arraycopy(c, b * H, cells.array(), cells.at(row), H);
                }
            }
        }
        System.arraycopy(h, 0, hFinal.array(), hFinal.offset(), B * H);
        if (cFinal != null) {
            System.arraycopy(c, 0, cFinal.array(), cFinal.offset(), B * H);
        }
    }

    /**
     * One cell update for one sequence, in place: h[hOff..+H] and c[cOff..+H] go from the previous to the new
     * state. Writes the activated gates to gates[gAt..+G*H] and, for GRU, W_hn h + b_hn to hn[hnAt..+H] when hnAt
     * >= 0.
     */
    private void cellForward(LayerShape s, HostWeights w, float[] x, int xOff, float[] h, int hOff, float[] c,
                             int cOff, float[] gates, int gAt, float[] hn, int hnAt) {
        final int H = s.hidden(), GH = s.gateRows();
        preIh = growD(preIh, GH);
        preHh = growD(preHh, GH);
        preActivations(s, w, x, xOff, h, hOff, preIh, preHh);
        switch (s.cell()) {
            case LSTM -> {
                for (int j = 0; j < H; j++) {
                    double i = sigmoid(preIh[j] + preHh[j]);
                    double f = sigmoid(preIh[H + j] + preHh[H + j]);
                    double g = Math.tanh(preIh[2 * H + j] + preHh[2 * H + j]);
                    double o = sigmoid(preIh[3 * H + j] + preHh[3 * H + j]);
                    double cNew = f * c[cOff + j] + i * g;
                    c[cOff + j] = (float) cNew;
                    h[hOff + j] = (float) (o * Math.tanh(c[cOff + j]));
                    gates[gAt + j] = (float) i;
                    gates[gAt + H + j] = (float) f;
                    gates[gAt + 2 * H + j] = (float) g;
                    gates[gAt + 3 * H + j] = (float) o;
                }
            }
            case GRU -> {
                for (int j = 0; j < H; j++) {
                    double r = sigmoid(preIh[j] + preHh[j]);
                    double z = sigmoid(preIh[H + j] + preHh[H + j]);
                    double hnj = preHh[2 * H + j];
                    double n = Math.tanh(preIh[2 * H + j] + r * hnj);
                    h[hOff + j] = (float) ((1 - z) * n + z * h[hOff + j]);
                    gates[gAt + j] = (float) r;
                    gates[gAt + H + j] = (float) z;
                    gates[gAt + 2 * H + j] = (float) n;
                    if (hnAt >= 0) {
                        hn[hnAt + j] = (float) hnj;
                    }
                }
            }
            case RNN_TANH -> {
                for (int j = 0; j < H; j++) {
                    h[hOff + j] = (float) Math.tanh(preIh[j] + preHh[j]);
                }
            }
            case RNN_RELU -> {
                for (int j = 0; j < H; j++) {
                    h[hOff + j] = (float) Math.max(0.0, preIh[j] + preHh[j]);
                }
            }
        }
    }

    /** a = W_ih x + b_ih and r = W_hh h + b_hh, in double. */
    private static void preActivations(LayerShape s, HostWeights w, float[] x, int xOff, float[] h, int hOff,
                                       double[] a, double[] r) {
        final int H = s.hidden(), GH = s.gateRows(), in = s.inputSize();
        final float[] p = w.array();
        for (int row = 0; row < GH; row++) {
            double sa = w.hasBias() ? p[w.biasIh() + row] : 0;
            for (int k = 0; k < in; k++) {
                sa += (double) p[w.weightIh() + row * in + k] * x[xOff + k];
            }
            double sr = w.hasBias() ? p[w.biasHh() + row] : 0;
            for (int k = 0; k < H; k++) {
                sr += (double) p[w.weightHh() + row * H + k] * h[hOff + k];
            }
            a[row] = sa;
            r[row] = sr;
        }
    }

    // ----------------------------------------------------------------- backward

    @Override
    public void backward(LayerBackward p) {
        final LayerShape s = p.shape();
        final int T = s.steps(), B = s.batch(), H = s.hidden(), GH = s.gateRows(), in = s.inputSize();
        final Lengths lengths = p.lengths();
        final HostWeights w = HostWeights.of(p.weights());
        final HostWeights gw = HostWeights.of(p.grads());
        final float[] wa = w.array(), ga = gw.array();
        final Rows x = Rows.of(p.x(), "x"), y = Rows.of(p.y());
        final Rows dy = Rows.sameColumns(p.dy(), p.y(), "grad of the layer output");
        final Rows h0 = Rows.of(p.h0(), "h0"), c0 = Rows.of(p.c0(), "c0");
        final Rows dhFinal = Rows.of(p.dhFinal(), "grad_h_n"), dcFinal = Rows.of(p.dcFinal(), "grad_c_n");
        final Rows dx = Rows.of(p.dx(), "dx"), dh0 = Rows.of(p.dh0(), "dh0"), dc0 = Rows.of(p.dc0(), "dc0");
        final Rows gates = Rows.of(p.tape().gates(), "tape gates");
        final Rows cells = Rows.of(p.tape().cellStates(), "tape cell states");
        final Rows gruHn = Rows.of(p.tape().gruHn(), "tape W_hn h + b_hn");
        dh = grow(dh, B * H);
        dc = grow(dc, B * H);
        deltaIh = growD(deltaIh, GH);
        deltaHh = growD(deltaHh, GH);
        for (int i = 0; i < B * H; i++) {
            dh[i] = dhFinal != null ? dhFinal.array()[dhFinal.offset() + i] : 0f;
            dc[i] = dcFinal != null ? dcFinal.array()[dcFinal.offset() + i] : 0f;
        }
        double[] dhTotal = new double[H];
        double[] dhDirect = new double[H];
        // Steps in the reverse of the order forward visited them.
        for (int step = 0; step < T; step++) {
            int t = s.reverse() ? step : T - 1 - step;
            for (int b = 0; b < B; b++) {
                if (!lengths.valid(t, b)) {
                    continue; // padding: no gradient in, none out; dh and dc pass through unchanged
                }
                int row = t * B + b;
                // Where h_{t-1} (the state before this step) lives: h0 at the sequence's first step.
                boolean first = s.reverse() ? t == lengths.of(b) - 1 : t == 0;
                int prevRow = s.reverse() ? row + B : row - B;
                float[] hPrev = first ? h0.array() : y.array();
                int hPrevAt = first ? h0.at(b) : y.at(prevRow);
                for (int j = 0; j < H; j++) {
                    dhTotal[j] = dh[b * H + j] + (dy != null ? dy.array()[dy.at(row) + j] : 0f);
                }
                float[] g = gates != null ? gates.array() : null;
                int gAt = gates != null ? gates.at(row) : -1;
                switch (s.cell()) {
                    case LSTM -> {
                        float[] cPrev = first ? c0.array() : cells.array();
                        int cPrevAt = first ? c0.at(b) : cells.at(prevRow);
                        float[] cs = cells.array();
                        for (int j = 0; j < H; j++) {
                            double i = g[gAt + j], f = g[gAt + H + j];
                            double gg = g[gAt + 2 * H + j], o = g[gAt + 3 * H + j];
                            double tc = Math.tanh(cs[cells.at(row) + j]);
                            double dcj = dc[b * H + j] + dhTotal[j] * o * (1 - tc * tc);
                            double dO = dhTotal[j] * tc;
                            double dI = dcj * gg;
                            double dG = dcj * i;
                            double dF = dcj * cPrev[cPrevAt + j];
                            deltaIh[j] = dI * i * (1 - i);
                            deltaIh[H + j] = dF * f * (1 - f);
                            deltaIh[2 * H + j] = dG * (1 - gg * gg);
                            deltaIh[3 * H + j] = dO * o * (1 - o);
                            dc[b * H + j] = (float) (dcj * f);
                            dhDirect[j] = 0;
                        }
                        System.arraycopy(deltaIh, 0, deltaHh, 0, GH);
                    }
                    case GRU -> {
                        float[] hn = gruHn.array();
                        for (int j = 0; j < H; j++) {
                            double r = g[gAt + j], z = g[gAt + H + j], n = g[gAt + 2 * H + j];
                            double hnj = hn[gruHn.at(row) + j];
                            double d = dhTotal[j];
                            double dn = d * (1 - z);
                            double dz = d * (hPrev[hPrevAt + j] - n);
                            double dan = dn * (1 - n * n);
                            double dr = dan * hnj;
                            deltaIh[j] = dr * r * (1 - r);
                            deltaIh[H + j] = dz * z * (1 - z);
                            deltaIh[2 * H + j] = dan;
                            deltaHh[j] = deltaIh[j];
                            deltaHh[H + j] = deltaIh[H + j];
                            deltaHh[2 * H + j] = dan * r;
                            dhDirect[j] = d * z;
                        }
                    }
                    case RNN_TANH, RNN_RELU -> {
                        for (int j = 0; j < H; j++) {
                            double hj = y.array()[y.at(row) + j];
                            double deriv = s.cell() == CellType.RNN_TANH ? 1 - hj * hj : (hj > 0 ? 1 : 0);
                            deltaIh[j] = dhTotal[j] * deriv;
                            deltaHh[j] = deltaIh[j];
                            dhDirect[j] = 0;
                        }
                    }
                }
                // Parameter gradients (accumulated), dx (accumulated) and dh_{t-1}.
                int xAt = x.at(row);
                for (int r = 0; r < GH; r++) {
                    float di = (float) deltaIh[r];
                    float dr = (float) deltaHh[r];
                    for (int k = 0; k < in; k++) {
                        ga[gw.weightIh() + r * in + k] += di * x.array()[xAt + k];
                    }
                    for (int k = 0; k < H; k++) {
                        ga[gw.weightHh() + r * H + k] += dr * hPrev[hPrevAt + k];
                    }
                    if (gw.hasBias()) {
                        ga[gw.biasIh() + r] += di;
                        ga[gw.biasHh() + r] += dr;
                    }
                }
                int dxAt = dx.at(row);
                for (int k = 0; k < in; k++) {
                    double sum = 0;
                    for (int r = 0; r < GH; r++) {
                        sum += wa[w.weightIh() + r * in + k] * deltaIh[r];
                    }
                    dx.array()[dxAt + k] += (float) sum;
                }
                for (int k = 0; k < H; k++) {
                    double sum = dhDirect[k];
                    for (int r = 0; r < GH; r++) {
                        sum += wa[w.weightHh() + r * H + k] * deltaHh[r];
                    }
                    dh[b * H + k] = (float) sum;
                }
            }
        }
        System.arraycopy(dh, 0, dh0.array(), dh0.offset(), B * H);
        if (dc0 != null) {
            System.arraycopy(dc, 0, dc0.array(), dc0.offset(), B * H);
        }
    }

    // ------------------------------------------------------------------- step

    @Override
    public void step(LayerStep p) {
        final LayerShape s = p.shape();
        final int H = s.hidden();
        final HostWeights w = HostWeights.of(p.weights());
        final Rows x = Rows.of(p.x(), "x"), h = Rows.of(p.h(), "state h"), c = Rows.of(p.c(), "state c");
        stepGates = grow(stepGates, s.gateRows());
        for (int b = 0; b < s.batch(); b++) {
            cellForward(s, w, x.array(), x.at(b), h.array(), h.at(b), c != null ? c.array() : null,
                    c != null ? c.at(b) : 0, stepGates, 0, null, -1);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    private static double[] growD(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }
}
