package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * One layer and direction's forward pass over a whole sequence, for {@link LayerKernels#forward}.
 *
 * <p>Reads x [T, B, in], h0 and c0 [B, H] (zeros are passed as tensors, never null; c0 only for LSTM) and the
 * weights. Writes into y's columns h at valid steps and 0 at padded ones, hFinal and cFinal [B, H] (each sequence's
 * state after its last valid step; cFinal only for LSTM) and, when {@code tape} is not null, the tape.
 */
public record LayerForward(LayerShape shape, Lengths lengths, LayerWeights weights, Tensor x, Tensor h0, Tensor c0,
                           DirectionOutput y, Tensor hFinal, Tensor cFinal, DirectionTape tape) {}
