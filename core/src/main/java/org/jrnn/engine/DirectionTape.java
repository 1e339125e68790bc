package org.jrnn.engine;

import org.jrnn.tensor.Tensor;

/**
 * What a training forward pass of one layer and direction keeps for its backward, besides the layer output (which
 * holds h for every step). All time-major.
 *
 * @param gates      activated gates [T, B, G*H] (LSTM i,f,g,o; GRU r,z,n); null for vanilla RNNs, whose
 *                   derivative follows from h
 * @param cellStates LSTM only: c after every step [T, B, H]; else null
 * @param gruHn      GRU only: {@code W_hn h + b_hn} of every step [T, B, H], the term the reset gate multiplies;
 *                   else null
 */
public record DirectionTape(Tensor gates, Tensor cellStates, Tensor gruHn) {}
