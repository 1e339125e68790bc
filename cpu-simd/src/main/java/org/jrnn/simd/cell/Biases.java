package org.jrnn.simd.cell;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;

/**
 * Folds the two PyTorch biases into what the fused forward pass adds per gate element. Every block gets
 * b_ih + b_hh, except GRU's n block: n = tanh(W_in x + b_in + r*(W_hn h + b_hn)) keeps b_hn apart (biasHn [H]).
 */
public final class Biases {
    private Biases() {}

    /** Fills bias [G*H] and biasHn [H] (zeros without bias, and biasHn zero for every cell but GRU). */
    public static void fold(CellType cell, float[] params, ParameterLayout.Block w, int H, float[] bias,
                            float[] biasHn) {
        int gh = cell.gates() * H;
        Arrays.fill(biasHn, 0, H, 0f);
        if (w.biasIh() < 0) {
            Arrays.fill(bias, 0, gh, 0f);
            return;
        }
        int folded = cell == CellType.GRU ? 2 * H : gh;
        for (int k = 0; k < folded; k++) {
            bias[k] = params[w.biasIh() + k] + params[w.biasHh() + k];
        }
        if (cell == CellType.GRU) {
            System.arraycopy(params, w.biasIh() + 2 * H, bias, 2 * H, H);
            System.arraycopy(params, w.biasHh() + 2 * H, biasHn, 0, H);
        }
    }
}
