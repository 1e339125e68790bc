package org.jrnn.backend;

/** Elementwise nonlinearities of dense layers and heads. */
public enum Activation {
    IDENTITY, TANH, SIGMOID, RELU
}
