package org.jrnn.simd.cell;

import org.jrnn.CellType;

/** One forward row of any cell: the single entry point shared by the sequence path and the streaming step. */
public final class CellPass {
    private CellPass() {}

    /**
     * Gate pre-activations xp[xo..+G*H] + hh[ho..+G*H] + folded bias; state h[hOff..+H] (and LSTM c[cOff..+H])
     * updated in place; h also stored to y[yOff..] unless y is null. Activated gates go to gates[gOff..+G*H]: the
     * tape when training, else a scratch row (RNN cells write none). LSTM c or GRU hn go to extra[eOff..+H] when
     * extra != null (training).
     */
    public static void forward(CellType cell, int H, float[] xp, int xo, float[] hh, int ho, float[] bias,
                               float[] biasHn, float[] h, int hOff, float[] c, int cOff, float[] y, int yOff,
                               float[] gates, int gOff, float[] extra, int eOff) {
        forwardSlice(cell, H, 0, H, xp, xo, hh, ho, bias, biasHn, h, hOff, c, cOff, y, yOff, gates, gOff, extra, eOff);
    }

    /**
     * {@link #forward} for hidden units [j, j+n) of the row, so that threads can share one row's units: every
     * offset is at unit j of its row (xp, hh and gates keep their gate blocks H apart); bias and biasHn are read
     * at unit j. The units of a row are independent within a step, so any split gives the same bits.
     */
    public static void forwardSlice(CellType cell, int H, int j, int n, float[] xp, int xo, float[] hh, int ho,
                                    float[] bias, float[] biasHn, float[] h, int hOff, float[] c, int cOff,
                                    float[] y, int yOff, float[] gates, int gOff, float[] extra, int eOff) {
        switch (cell) {
            case LSTM -> LstmCell.forward(H, j, n, xp, xo, hh, ho, bias, h, hOff, c, cOff, y, yOff, gates, gOff,
                    extra, eOff);
            case GRU -> GruCell.forward(H, j, n, xp, xo, hh, ho, bias, biasHn, h, hOff, y, yOff, gates, gOff,
                    extra, eOff);
            case RNN_TANH -> RnnCell.forward(j, n, false, xp, xo, hh, ho, bias, h, hOff, y, yOff);
            case RNN_RELU -> RnnCell.forward(j, n, true, xp, xo, hh, ho, bias, h, hOff, y, yOff);
        }
    }
}
