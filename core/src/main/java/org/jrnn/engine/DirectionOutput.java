package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * Where one direction writes its hidden states: columns [column, column + H) of every row of a layer's output
 * y [T, B, D*H]. The forward direction has column 0, the reverse one column H.
 */
public record DirectionOutput(Tensor y, int column) {

    /** Elements between consecutive rows (t, b) and (t, b + 1): D*H. */
    public int rowStride() {
        return y.dim(2);
    }
}
