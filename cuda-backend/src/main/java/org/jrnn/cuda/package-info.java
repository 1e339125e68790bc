/**
 * The GPU backend, provider {@code cuda} ({@link org.jrnn.cuda.CudaProvider}, priority 200).
 *
 * <p>Where things are: the probe and its messages ({@code CudaProbe}, {@code NativeLibraries}); the device
 * ({@code Device}; {@code GpuDevice} = {@code CudaContext}, JCuda's driver API, + {@code Cublas}, cuBLAS bound
 * through {@code java.lang.foreign}); memory ({@code MemoryPool}, {@code CudaTensor}); the operations SPI
 * ({@code CudaOps}, kernels in {@code src/main/cuda/ops.cu}); the recurrent layers ({@code CudaLayerKernels},
 * fused gate kernels in {@code src/main/cuda/cells.cu}); the PTX resources ({@code Ptx}). See
 * {@code cuda-backend/README.md}.
 */
package org.jrnn.cuda;
