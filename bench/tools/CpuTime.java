import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
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
 * for reported figures; this is for comparing two builds while other work runs (run the two jars alternately).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar [-Dthreads=1] [-Dwarm=8] [-Dreps=200] \
 *     bench/tools/CpuTime.java fwd|train|both CELL T B I H
 * java … bench/tools/CpuTime.java pgemm M N K      (B packed once, as a recurrent step's W_hh)
 * java … bench/tools/CpuTime.java step CELL I H     (Rnn.step at batch 1, microseconds per step)
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar bench/tools/CpuTime.java gemm M N K [NN|NT|TN|TT]
 * </pre>
 * With -Dthreads=2 the worker's CPU time is not counted: compare the wall column then.
 */
public class CpuTime {
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

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

    public static void main(String[] args) {
        int threads = Integer.getInteger("threads", 1);
        double warm = Double.parseDouble(System.getProperty("warm", "4"));
        int reps = Integer.getInteger("reps", 21);
        if (args[0].equals("pgemm")) { // B [k, n] packed once, as the recurrent product's W_hh^T
            int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
            try (Sgemm g = new Sgemm(threads)) {
                float[] a = SeededData.uniform(1, m * k, 1), b = SeededData.uniform(2, k * n, 1), c = new float[m * n];
                var pb = g.packB(false, k, n, b, 0, n);
                Timing t = time(() -> g.gemm(false, m, 1f, a, 0, k, pb, 0f, c, 0, n), warm, reps);
                System.out.printf("pgemm %dx%dx%d: %.3f ms cpu (min %.3f) wall %.3f, %.1f GFLOP/s per wall-second%n",
                        m, n, k, t.median, t.min, t.wall, 2.0 * m * n * k / t.wall / 1e6);
            }
            return;
        }
        if (args[0].equals("gemm")) {
            int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
            String ops = args.length > 4 ? args[4] : "NN";
            boolean ta = ops.charAt(0) == 'T', tb = ops.charAt(1) == 'T';
            try (Sgemm g = new Sgemm(threads)) {
                float[] a = SeededData.uniform(1, m * k, 1), b = SeededData.uniform(2, k * n, 1), c = new float[m * n];
                Timing t = time(() -> g.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n),
                        warm, reps);
                System.out.printf("gemm %dx%dx%d %s: %.3f ms cpu (min %.3f) wall %.3f, %.1f GFLOP/s per cpu-second%n",
                        m, n, k, ops, t.median, t.min, t.wall, 2.0 * m * n * k / t.median / 1e6);
            }
            return;
        }
        if (args[0].equals("step")) { // one Rnn.step at batch 1, 10,000 per timed call; prints microseconds per step
            CellType cell = CellType.parse(args[1]);
            int I = Integer.parseInt(args[2]), H = Integer.parseInt(args[3]), n = 10_000;
            try (Backend be = new SimdBackend(threads); Rnn rnn = be.createRnn(RnnSpec.of(cell, I, H));
                 Tensor x = SeededData.tensor(be, 11, 1, I); Tensor out = be.allocate(1, H);
                 var state = rnn.newState(1)) {
                Timing t = time(() -> {
                    for (int i = 0; i < n; i++) {
                        rnn.step(x, state, out);
                    }
                }, warm, reps);
                System.out.printf("step %s I%d H%d: %.3f us cpu (min %.3f) wall %.3f per step%n", cell, I, H,
                        t.median * 1e3 / n, t.min * 1e3 / n, t.wall * 1e3 / n);
            }
            return;
        }
        CellType cell = CellType.parse(args[1]);
        int T = Integer.parseInt(args[2]), B = Integer.parseInt(args[3]);
        int I = Integer.parseInt(args[4]), H = Integer.parseInt(args[5]);
        try (Backend be = new SimdBackend(threads); Rnn rnn = be.createRnn(RnnSpec.of(cell, I, H));
             Tensor x = SeededData.tensor(be, 11, T, B, I); Tensor dy = SeededData.tensor(be, 12, T, B, H)) {
            Runnable forward = () -> {
                try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.INFERENCE)) {
                    f.output();
                }
            };
            Runnable train = () -> {
                rnn.zeroGradients();
                try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.TRAINING);
                     BackwardResult b = rnn.backward(f.tape(), dy, null, null)) {
                    b.gradInput();
                }
            };
            double flops = 2.0 * T * B * cell.gates() * H * (I + H);
            String shape = String.format("%s T%d B%d I%d H%d", cell, T, B, I, H);
            if (args[0].equals("fwd") || args[0].equals("both")) {
                Timing t = time(forward, warm, reps);
                System.out.printf("fwd %s: %.3f ms cpu (min %.3f) wall %.3f, %.1f GFLOP/s%n",
                        shape, t.median, t.min, t.wall, flops / t.median / 1e6);
            }
            if (args[0].equals("train") || args[0].equals("both")) {
                Timing t = time(train, warm, reps);
                System.out.printf("train %s: %.3f ms cpu (min %.3f) wall %.3f, %.1f GFLOP/s%n",
                        shape, t.median, t.min, t.wall, 3 * flops / t.median / 1e6);
            }
        }
    }
}
