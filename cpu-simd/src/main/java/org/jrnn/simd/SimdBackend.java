package org.jrnn.simd;

import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.tensor.Tensor;
import org.jrnn.backend.Capabilities;
import org.jrnn.backend.TensorOps;
import org.jrnn.host.HostBackend;
import org.jrnn.engine.RnnNetwork;
import org.jrnn.simd.gemm.Sgemm;

/**
 * The Vector API backend: heap tensors (as the reference backend), {@link SimdKernels} for the arithmetic, and one
 * {@link Sgemm} whose worker threads every network of this backend shares. Threads: the constructor argument, else
 * system property {@value #THREADS_PROPERTY}, else the number of available processors.
 */
public final class SimdBackend extends HostBackend {
    public static final String NAME = "cpu-simd";
    public static final String THREADS_PROPERTY = "rnn.threads";

    private final Sgemm gemm;
    private final SimdOps ops;
    private final long batchSplitMaxWeightBytes;

    public SimdBackend() {
        this(defaultThreads());
    }

    public SimdBackend(int threads) {
        this(threads, SimdKernels.BATCH_SPLIT_MAX_WEIGHT_BYTES);
    }

    /** Tests move the batch-split limit to run the unit-split time loop on small shapes. */
    SimdBackend(int threads, long batchSplitMaxWeightBytes) {
        super(NAME);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.gemm = new Sgemm(threads);
        this.ops = new SimdOps(this, gemm);
        this.batchSplitMaxWeightBytes = batchSplitMaxWeightBytes;
    }

    /** {@value #THREADS_PROPERTY} if set (must be a positive integer), else the available processors. */
    static int defaultThreads() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + v + " is not a positive integer");
    }

    @Override
    public Capabilities capabilities() {
        return cpuCapabilities(threads(), VectorSupport.describe(threads()));
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    public int threads() {
        return gemm.threads();
    }

    @Override
    public String describe() {
        return VectorSupport.describe(threads());
    }

    @Override
    public Rnn createRnn(RnnSpec spec) {
        return new RnnNetwork(this, spec, new SimdKernels(gemm, batchSplitMaxWeightBytes));
    }

    @Override
    public Rnn createRnn(RnnSpec spec, Tensor parameters, Tensor gradients) {
        return new RnnNetwork(this, spec, new SimdKernels(gemm, batchSplitMaxWeightBytes), parameters, gradients);
    }

    @Override
    public void close() {
        gemm.close();
    }
}
