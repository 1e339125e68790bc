package org.jrnn.backend;

/** Live root tensors of a backend and the bytes they hold. */
public record MemoryUse(long tensors, long bytes) {}
