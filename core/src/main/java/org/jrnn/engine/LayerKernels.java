package org.jrnn.engine;

/**
 * What a backend supplies to run networks: the arithmetic of one layer and one direction. {@link RnnNetwork} does
 * everything around it (validation, the layer and direction walk, dropout, tapes, layouts, zero states), so every
 * backend runs the same driver. One instance belongs to one network and may keep scratch buffers between calls.
 *
 * <p>Where each backend's cell maths lives: reference {@code org.jrnn.reference.ReferenceKernels} (every cell in one
 * file); cpu-simd {@code org.jrnn.simd.SimdKernels} (the time loops) with the fused row passes in
 * {@code org.jrnn.simd.cell.LstmCell}, {@code GruCell}, {@code RnnCell}.
 */
public interface LayerKernels {

    /** Forward over the whole sequence (see {@link LayerForward} for what is read and written). */
    void forward(LayerForward pass);

    /** BPTT over the whole sequence from the tape {@link #forward} wrote (see {@link LayerBackward}). */
    void backward(LayerBackward pass);

    /** One streaming step of a unidirectional layer (see {@link LayerStep}). */
    void step(LayerStep pass);
}
