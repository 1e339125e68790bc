package org.jrnn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The recurrent cells, with PyTorch's gate order inside the stacked weight matrices.
 *
 * <ul>
 *   <li>{@code RNN_TANH}, {@code RNN_RELU}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}; one gate.</li>
 *   <li>{@code LSTM}: gates i, f, g, o; {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}.</li>
 *   <li>{@code GRU}: gates r, z, n; {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
 *       {@code h' = (1-z)*n + z*h} (the "linear before reset" form of PyTorch and cuDNN).</li>
 * </ul>
 */
public enum CellType {
    RNN_TANH("rnn_tanh", 1),
    RNN_RELU("rnn_relu", 1),
    LSTM("lstm", 4),
    GRU("gru", 3);

    private final String id;
    private final int gates;

    CellType(String id, int gates) {
        this.id = id;
        this.gates = gates;
    }

    /** Lower-case name used on the command line and in file metadata: rnn_tanh, rnn_relu, lstm, gru. */
    public String id() {
        return id;
    }

    /** Number of gate blocks G: weight_ih is [G*H, I], weight_hh is [G*H, H]. */
    public int gates() {
        return gates;
    }

    /** True when the cell carries a second state, the LSTM's cell state c. */
    public boolean hasCellState() {
        return this == LSTM;
    }

    public static CellType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (CellType c : values()) {
            if (c.id.equals(t) || c.name().toLowerCase(Locale.ROOT).equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + text + "': expected one of "
                + Arrays.stream(values()).map(CellType::id).toList());
    }
}
