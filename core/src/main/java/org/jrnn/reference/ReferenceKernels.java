package org.jrnn.reference;

import org.jrnn.CellType;
import org.jrnn.host.CellKernels;
import org.jrnn.host.DirectionPass;

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
 */
final class ReferenceKernels implements CellKernels {
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
    private float[] stepH = new float[0];
    private float[] stepC = new float[0];

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(DirectionPass p) {
        final int T = p.steps, B = p.batch, H = p.hidden, G = p.cell.gates();
        h = grow(h, B * H);
        c = grow(c, B * H);
        System.arraycopy(p.h0, p.h0Off, h, 0, B * H);
        if (p.cell == CellType.LSTM) {
            System.arraycopy(p.c0, p.c0Off, c, 0, B * H);
        }
        float[] gates = p.gates != null ? p.gates : (stepGates = grow(stepGates, G * H));
        float[] hn = p.hn != null ? p.hn : new float[0];
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? T - 1 - s : s;
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                int yAt = p.yOff + row * p.ldY;
                if (!p.valid(t, b)) {
                    java.util.Arrays.fill(p.y, yAt, yAt + H, 0f);
                    continue;
                }
                int gAt = p.gates != null ? row * G * H : 0;
                int hnAt = p.hn != null ? row * H : -1;
                cellForward(p, p.x, p.xOff + row * p.inputSize, h, b * H, c, b * H, gates, gAt, hn, hnAt);
                System.arraycopy(h, b * H, p.y, yAt, H);
                if (p.cells != null) {
                    System.arraycopy(c, b * H, p.cells, row * H, H);
                }
            }
        }
        System.arraycopy(h, 0, p.hN, p.hNOff, B * H);
        if (p.cN != null) {
            System.arraycopy(c, 0, p.cN, p.cNOff, B * H);
        }
    }

    /**
     * One cell update for one sequence, in place: h[hOff..+H] and c[cOff..+H] go from the previous to the new
     * state. Writes the activated gates to gates[gAt..+G*H] and, for GRU, W_hn h + b_hn to hn[hnAt..+H] when hnAt
     * >= 0.
     */
    private void cellForward(DirectionPass p, float[] x, int xOff, float[] h, int hOff, float[] c, int cOff,
                             float[] gates, int gAt, float[] hn, int hnAt) {
        final int H = p.hidden, GH = p.cell.gates() * H;
        preIh = growD(preIh, GH);
        preHh = growD(preHh, GH);
        preActivations(p, x, xOff, h, hOff, preIh, preHh);
        switch (p.cell) {
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
    private static void preActivations(DirectionPass p, float[] x, int xOff, float[] h, int hOff, double[] a,
                                       double[] r) {
        final int H = p.hidden, GH = p.cell.gates() * H, in = p.inputSize;
        final float[] w = p.params;
        final int wIh = p.weights.weightIh(), wHh = p.weights.weightHh();
        for (int row = 0; row < GH; row++) {
            double sa = p.weights.biasIh() >= 0 ? w[p.weights.biasIh() + row] : 0;
            for (int k = 0; k < in; k++) {
                sa += (double) w[wIh + row * in + k] * x[xOff + k];
            }
            double sr = p.weights.biasHh() >= 0 ? w[p.weights.biasHh() + row] : 0;
            for (int k = 0; k < H; k++) {
                sr += (double) w[wHh + row * H + k] * h[hOff + k];
            }
            a[row] = sa;
            r[row] = sr;
        }
    }

    // ----------------------------------------------------------------- backward

    @Override
    public void backward(DirectionPass p) {
        final int T = p.steps, B = p.batch, H = p.hidden, G = p.cell.gates(), GH = G * H, in = p.inputSize;
        dh = grow(dh, B * H);
        dc = grow(dc, B * H);
        deltaIh = growD(deltaIh, GH);
        deltaHh = growD(deltaHh, GH);
        for (int i = 0; i < B * H; i++) {
            dh[i] = p.dhN != null ? p.dhN[p.dhNOff + i] : 0f;
            dc[i] = p.dcN != null ? p.dcN[p.dcNOff + i] : 0f;
        }
        final float[] w = p.params;
        final float[] gw = p.grads;
        final int wIh = p.weights.weightIh(), wHh = p.weights.weightHh();
        final int bIh = p.weights.biasIh(), bHh = p.weights.biasHh();
        double[] dhTotal = new double[H];
        double[] dhDirect = new double[H];
        // Steps in the reverse of the order forward visited them.
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? s : T - 1 - s;
            for (int b = 0; b < B; b++) {
                if (!p.valid(t, b)) {
                    continue; // padding: no gradient in, none out; dh and dc pass through unchanged
                }
                int row = t * B + b;
                // Where h_{t-1} (the state before this step) lives: h0 at the sequence's first step.
                boolean first = p.reverse ? t == p.lengths[b] - 1 : t == 0;
                int prevRow = p.reverse ? row + B : row - B;
                float[] hPrev = first ? p.h0 : p.y;
                int hPrevAt = first ? p.h0Off + b * H : p.yOff + prevRow * p.ldY;
                for (int j = 0; j < H; j++) {
                    dhTotal[j] = dh[b * H + j] + (p.dy != null ? p.dy[p.yOff + row * p.ldY + j] : 0f);
                }
                int gAt = row * GH;
                switch (p.cell) {
                    case LSTM -> {
                        float[] cPrev = first ? p.c0 : p.cells;
                        int cPrevAt = first ? p.c0Off + b * H : prevRow * H;
                        for (int j = 0; j < H; j++) {
                            double i = p.gates[gAt + j], f = p.gates[gAt + H + j];
                            double g = p.gates[gAt + 2 * H + j], o = p.gates[gAt + 3 * H + j];
                            double tc = Math.tanh(p.cells[row * H + j]);
                            double dcj = dc[b * H + j] + dhTotal[j] * o * (1 - tc * tc);
                            double dO = dhTotal[j] * tc;
                            double dI = dcj * g;
                            double dG = dcj * i;
                            double dF = dcj * cPrev[cPrevAt + j];
                            deltaIh[j] = dI * i * (1 - i);
                            deltaIh[H + j] = dF * f * (1 - f);
                            deltaIh[2 * H + j] = dG * (1 - g * g);
                            deltaIh[3 * H + j] = dO * o * (1 - o);
                            dc[b * H + j] = (float) (dcj * f);
                            dhDirect[j] = 0;
                        }
                        System.arraycopy(deltaIh, 0, deltaHh, 0, GH);
                    }
                    case GRU -> {
                        for (int j = 0; j < H; j++) {
                            double r = p.gates[gAt + j], z = p.gates[gAt + H + j], n = p.gates[gAt + 2 * H + j];
                            double hnj = p.hn[row * H + j];
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
                            double hj = p.y[p.yOff + row * p.ldY + j];
                            double deriv = p.cell == CellType.RNN_TANH ? 1 - hj * hj : (hj > 0 ? 1 : 0);
                            deltaIh[j] = dhTotal[j] * deriv;
                            deltaHh[j] = deltaIh[j];
                            dhDirect[j] = 0;
                        }
                    }
                }
                // Parameter gradients (accumulated), dx (accumulated) and dh_{t-1}.
                int xAt = p.xOff + row * in;
                for (int r = 0; r < GH; r++) {
                    float di = (float) deltaIh[r];
                    float dr = (float) deltaHh[r];
                    for (int k = 0; k < in; k++) {
                        gw[wIh + r * in + k] += di * p.x[xAt + k];
                    }
                    for (int k = 0; k < H; k++) {
                        gw[wHh + r * H + k] += dr * hPrev[hPrevAt + k];
                    }
                    if (bIh >= 0) {
                        gw[bIh + r] += di;
                        gw[bHh + r] += dr;
                    }
                }
                int dxAt = p.dxOff + row * in;
                for (int k = 0; k < in; k++) {
                    double sum = 0;
                    for (int r = 0; r < GH; r++) {
                        sum += w[wIh + r * in + k] * deltaIh[r];
                    }
                    p.dx[dxAt + k] += (float) sum;
                }
                for (int k = 0; k < H; k++) {
                    double sum = dhDirect[k];
                    for (int r = 0; r < GH; r++) {
                        sum += w[wHh + r * H + k] * deltaHh[r];
                    }
                    dh[b * H + k] = (float) sum;
                }
            }
        }
        System.arraycopy(dh, 0, p.dh0, p.dh0Off, B * H);
        if (p.dc0 != null) {
            System.arraycopy(dc, 0, p.dc0, p.dc0Off, B * H);
        }
    }

    // ------------------------------------------------------------------- step

    @Override
    public void step(DirectionPass p, float[] x, int xOff, int batch, float[] hState, int hOff, float[] cState,
                     int cOff) {
        final int H = p.hidden;
        stepGates = grow(stepGates, p.cell.gates() * H);
        for (int b = 0; b < batch; b++) {
            cellForward(p, x, xOff + b * p.inputSize, hState, hOff + b * H, cState, cOff + b * H, stepGates, 0,
                    null, -1);
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
