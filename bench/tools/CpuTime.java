import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.bench.jmh.SeededData;
import org.jrnn.simd.SimdBackend;
import org.jrnn.simd.gemm.Sgemm;
import org.jrnn.tensor.Tensor;

/**
 * A/B timing on a busy machine: the calling thread's CPU time per call (ThreadMXBean), which other processes on the
 * machine barely change, with its median and minimum, and the wall-clock median beside it. JMH stays the measure
 * for reported figures; this is for comparing two builds while other work runs (bench/tools/AbTime.java runs two
 * jars in one process, call by call, through {@link #prepare}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar [-Dthreads=1] [-Dwarm=8] [-Dreps=200] \
 *     bench/tools/CpuTime.java fwd|train CELL T B I H
 * java … bench/tools/CpuTime.java pgemm M N K      (B packed once, as a recurrent step's W_hh)
 * java … bench/tools/CpuTime.java rows M N K       (W [N, K] packed once as streamed rows: C += A . W^T, one thread)
 * java … bench/tools/CpuTime.java step CELL I H     (Rnn.step at batch 1, 10,000 steps per call)
 * java … bench/tools/CpuTime.java gemm M N K [NN|NT|TN|TT]   (-Dpadc=P: C's row stride N + P)
 * java … bench/tools/CpuTime.java pgemm M N K                  (-Dpada=P, -Dpadc=P: A's row stride K + P, C's N + P)
 * </pre>
 * With -Dthreads=2 the worker's CPU time is not counted: compare the wall column then.
 */
public class CpuTime {
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static final int STEPS_PER_CALL = 10_000;

    /** median, minimum (CPU ms) and wall median (ms) of reps calls after warmSeconds of calls. */
    private record Timing(double median, double min, double wall) {}

    private static Timing time(Runnable op, double warmSeconds, int reps) {
        long end = System.nanoTime() + (long) (warmSeconds * 1e9);
        while (System.nanoTime() < end) {
            op.run();
        }
        double[] cpu = new double[reps];
        double[] wall = new double[reps];
        for (int r = 0; r < reps; r++) {
            long c0 = THREAD.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            op.run();
            cpu[r] = (THREAD.getCurrentThreadCpuTime() - c0) / 1e6;
            wall[r] = (System.nanoTime() - w0) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new Timing(cpu[reps / 2], cpu[0], wall[reps / 2]);
    }

    /** FLOPs of one call of the workload {@code args} describes (0 for a step: its unit is the step). */
    public static double flops(String[] args) {
        switch (args[0]) {
            case "gemm", "pgemm", "rows" -> {
                return 2.0 * Long.parseLong(args[1]) * Long.parseLong(args[2]) * Long.parseLong(args[3]);
            }
            case "step" -> {
                return 0;
            }
            default -> {
                CellType cell = CellType.parse(args[1]);
                double f = 2.0 * Integer.parseInt(args[2]) * Integer.parseInt(args[3]) * cell.gates()
                        * Integer.parseInt(args[5]) * (Integer.parseInt(args[4]) + Integer.parseInt(args[5]));
                return args[0].equals("train") ? 3 * f : f;
            }
        }
    }

    /**
     * The call that {@code args} describes, with seeded data, on a cpu-simd backend of {@code threads}; whatever it
     * holds is added to {@code resources} (close them after the last call).
     */
    public static Runnable prepare(String[] args, int threads, List<AutoCloseable> resources) {
        switch (args[0]) {
            case "pgemm" -> { // B [k, n] packed once, as the recurrent product's W_hh^T
                int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
                Sgemm g = add(resources, new Sgemm(threads));
                int lda = k + Integer.getInteger("pada", 0);  // -Dpada=16: A rows not a power of two apart
                int ldc = n + Integer.getInteger("padc", 0);
                float[] a = SeededData.uniform(1, m * lda, 1), b = SeededData.uniform(2, k * n, 1);
                float[] c = new float[m * ldc];
                var pb = g.packB(false, k, n, b, 0, n);
                return () -> g.gemm(false, m, 1f, a, 0, lda, pb, 0f, c, 0, ldc);
            }
            case "rows" -> { // W [n, k] packed once as streamed rows, C += A . W^T on the calling thread
                int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
                Sgemm g = add(resources, new Sgemm(1));
                float[] a = SeededData.uniform(1, m * k, 1), w = SeededData.uniform(2, n * k, 1), c = new float[m * n];
                var pr = g.packRows(false, n, k, w, 0, k);
                return () -> g.multiplyTransposedOnThisThread(m, a, 0, k, pr, true, c, 0, n);
            }
            case "gemm" -> {
                int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
                String ops = args.length > 4 ? args[4] : "NN";
                boolean ta = ops.charAt(0) == 'T', tb = ops.charAt(1) == 'T';
                int ldc = n + Integer.getInteger("padc", 0);   // -Dpadc=16: C rows not a power of two apart
                Sgemm g = add(resources, new Sgemm(threads));
                float[] a = SeededData.uniform(1, m * k, 1), b = SeededData.uniform(2, k * n, 1), c = new float[m * ldc];
                return () -> g.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, ldc);
            }
            case "step" -> {
                CellType cell = CellType.parse(args[1]);
                int I = Integer.parseInt(args[2]), H = Integer.parseInt(args[3]);
                Backend be = add(resources, new SimdBackend(threads));
                Rnn rnn = add(resources, be.createRnn(RnnSpec.of(cell, I, H)));
                Tensor x = add(resources, SeededData.tensor(be, 11, 1, I));
                Tensor out = add(resources, be.allocate(1, H));
                var state = add(resources, rnn.newState(1));
                return () -> {
                    for (int i = 0; i < STEPS_PER_CALL; i++) {
                        rnn.step(x, state, out);
                    }
                };
            }
            case "fwd", "train" -> {
                CellType cell = CellType.parse(args[1]);
                int T = Integer.parseInt(args[2]), B = Integer.parseInt(args[3]);
                int I = Integer.parseInt(args[4]), H = Integer.parseInt(args[5]);
                Backend be = add(resources, new SimdBackend(threads));
                Rnn rnn = add(resources, be.createRnn(RnnSpec.of(cell, I, H)));
                Tensor x = add(resources, SeededData.tensor(be, 11, T, B, I));
                Tensor dy = add(resources, SeededData.tensor(be, 12, T, B, H));
                if (args[0].equals("fwd")) {
                    return () -> {
                        try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.INFERENCE)) {
                            f.output();
                        }
                    };
                }
                return () -> {
                    rnn.zeroGradients();
                    try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.TRAINING);
                         BackwardResult b = rnn.backward(f.tape(), dy, null, null)) {
                        b.gradInput();
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown workload '" + args[0]
                    + "': expected fwd, train, step, gemm or pgemm");
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> resources, T r) {
        resources.add(r);
        return r;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", 1);
        double warm = Double.parseDouble(System.getProperty("warm", "4"));
        int reps = Integer.getInteger("reps", 21);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Timing t = time(prepare(args, threads, resources), warm, reps);
            String what = String.join(" ", args);
            if (args[0].equals("step")) {
                System.out.printf("%s: %.3f us cpu (min %.3f) wall %.3f per step%n", what,
                        t.median * 1e3 / STEPS_PER_CALL, t.min * 1e3 / STEPS_PER_CALL, t.wall * 1e3 / STEPS_PER_CALL);
            } else {
                System.out.printf("%s: %.3f ms cpu (min %.3f) wall %.3f, %.1f GFLOP/s per cpu-second%n", what,
                        t.median, t.min, t.wall, flops(args) / t.median / 1e6);
            }
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }
}
