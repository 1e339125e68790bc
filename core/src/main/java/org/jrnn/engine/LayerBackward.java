package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * One layer and direction's backpropagation through time, for {@link LayerKernels#backward}.
 *
 * <p>Reads what the forward read (x, h0, c0, weights) and wrote (y, tape), plus the incoming gradients: dy, the
 * gradient of the whole layer output [T, B, D*H] (this direction reads its columns of {@code y.column()}; null for
 * zero), dhFinal and dcFinal [B, H] (null for zero). <em>Adds</em> into {@code grads} (the parameter gradients)
 * and dx [T, B, in] (the gradient of the layer input); <em>overwrites</em> dh0 and dc0 [B, H] (dc0 only for LSTM).
 * Padded steps receive and pass no gradient.
 */
public record LayerBackward(LayerShape shape, Lengths lengths, LayerWeights weights, LayerWeights grads, Tensor x,
                            Tensor h0, Tensor c0, DirectionOutput y, DirectionTape tape, Tensor dy, Tensor dhFinal,
                            Tensor dcFinal, Tensor dx, Tensor dh0, Tensor dc0) {}
