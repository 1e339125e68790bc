package org.jrnn.backend;

/** How a loss combines its per-element (or per-row) terms, as PyTorch's {@code reduction} argument. */
public enum Reduction { MEAN, SUM }
