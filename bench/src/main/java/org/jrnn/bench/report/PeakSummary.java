package org.jrnn.bench.report;

/**
 * The machine's FP32 peak measured in the same run. NaN where not measured.
 *
 * @param fmaOneThread   GFLOP/s of the register-only FMA loop on one thread
 * @param fmaAllThreads  the same on every hardware thread (summed): the denominator of peak fractions
 * @param threads        hardware threads of the machine
 * @param sgemmBest      best GFLOP/s of cpu-simd's SGEMM over the GEMM shapes run
 * @param sgemmBestShape the shape that gave it
 */
public record PeakSummary(double fmaOneThread, double fmaAllThreads, int threads, double sgemmBest,
                          String sgemmBestShape) {

    public static PeakSummary none(int threads) {
        return new PeakSummary(Double.NaN, Double.NaN, threads, Double.NaN, "");
    }

    public PeakSummary withSgemm(double gflops, String shape) {
        return new PeakSummary(fmaOneThread, fmaAllThreads, threads, gflops, shape);
    }
}
