package org.jrnn.bench.report;

/**
 * One line of a result file: one backend on one kind, shape and cell. Times are in {@link #unit}; NaN means not
 * measured. The same columns are written by the Java report and by the PyTorch script (which leaves the derived
 * ones, gflops onwards, for the report to fill).
 *
 * @param median       median time of one operation (JMH SampleTime p50 over all measured invocations)
 * @param error        half the interquartile range, (p75 - p25) / 2, of the same samples
 * @param p99          99th percentile
 * @param samples      number of timed operations
 * @param gflops       FLOPs by the {@link Kind} convention divided by the median
 * @param peakFraction gflops over the machine's measured all-threads FMA peak (CPU backends only)
 * @param vsBaseline   baseline median / this median: above 1 means faster than the baseline
 * @param status       ok, skipped or failed
 * @param note         why skipped or failed, or anything a reader must know
 */
public record ResultRow(String kind, String shape, String dims, String cell, String backend, String unit,
                        double median, double error, double p99, long samples, double gflops, double peakFraction,
                        double vsBaseline, String status, String note) {
    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public static ResultRow measured(Kind kind, String shape, String dims, String cell, String backend, double median,
                                     double error, double p99, long samples) {
        return new ResultRow(kind.id(), shape, dims, cell, backend, kind.unit(), median, error, p99, samples,
                Double.NaN, Double.NaN, Double.NaN, OK, "");
    }

    public static ResultRow notRun(Kind kind, String shape, String dims, String cell, String backend, String status,
                                   String note) {
        return new ResultRow(kind.id(), shape, dims, cell, backend, kind.unit(), Double.NaN, Double.NaN, Double.NaN, 0,
                Double.NaN, Double.NaN, Double.NaN, status, note);
    }

    public boolean ok() {
        return OK.equals(status) && !Double.isNaN(median);
    }

    /** Identifies the measured problem regardless of backend. */
    public String problemKey() {
        return kind + "|" + shape + "|" + cell;
    }

    public ResultRow withDerived(double gflops, double peakFraction, double vsBaseline) {
        return new ResultRow(kind, shape, dims, cell, backend, unit, median, error, p99, samples, gflops, peakFraction,
                vsBaseline, status, note);
    }
}
