/**
 * The JCuda/JCublas GPU backend. Not implemented yet: this module holds its place in the reactor so that
 * {@code bench} and {@code examples} already depend on it, and it registers no provider until it can run.
 *
 * <p>Planned shape (see shared/DESIGN.md): device tensors behind {@link org.jrnn.tensor.Tensor}, cuBLAS for the input
 * projection and per-step recurrent GEMMs, PTX kernels (classpath resources) for the fused gate passes, one stream
 * per network, pinned host buffers for transfers, and a probe that reports "no CUDA driver" or "libcublas.so.12 not
 * found" instead of failing.
 */
package org.jrnn.cuda;
