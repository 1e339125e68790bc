package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * One time step of one unidirectional layer for streaming inference, in place: reads x [B, in], h and c [B, H]
 * (c only for LSTM, else null) and overwrites h and c with the new state. Must give the numbers of
 * {@link LayerKernels#forward} for the same step. The engine builds one per layer and reuses it while the caller
 * passes the same tensors, so a step allocates nothing.
 */
public record LayerStep(LayerShape shape, LayerWeights weights, Tensor x, Tensor h, Tensor c) {}
