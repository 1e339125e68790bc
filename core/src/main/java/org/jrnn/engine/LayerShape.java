package org.jrnn.engine;

import org.jrnn.CellType;

/**
 * The sizes of one layer and direction over one batch.
 *
 * @param steps     T
 * @param batch     B
 * @param inputSize features per step of this layer's input: I for layer 0, D*H above
 * @param hidden    H
 * @param reverse   right to left: each sequence runs from its last valid step down to step 0
 */
public record LayerShape(CellType cell, int steps, int batch, int inputSize, int hidden, boolean reverse) {

    /** G*H, the width of the gate pre-activations. */
    public int gateRows() {
        return cell.gates() * hidden;
    }
}
