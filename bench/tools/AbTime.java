import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * Two builds in one process, call by call: each jar gets its own class loader (so both versions of every class
 * are loaded side by side), both run the same CpuTime workload, and the timed calls alternate A, B, A, B. A
 * disturbance on a shared machine then lands on both, and the median of the per-pair ratios B/A says which is
 * faster far more steadily than two separate runs (on the 2-core VM, whose run-to-run noise is 10-20 %).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector [-Dthreads=1] [-Dwarm=4] [-Dreps=31] bench/tools/AbTime.java \
 *     A.jar B.jar fwd|train|step|gemm|pgemm|rows ARGS...      (the workload arguments of bench/tools/CpuTime.java)
 * </pre>
 * Prints each jar's median CPU and wall milliseconds per call and the median ratio; with -Dthreads=2 compare the
 * wall figures (a worker's CPU time is not counted).
 *
 * <p>Caveat with -Dthreads=2 on small shapes: each jar has its own worker pool, and on the 2-core Zen 5 VM the
 * jar given first ran up to twice as slow as the second whichever build it was (training LSTM at the stock shape,
 * 14.7 vs 6.5 ms and 16.9 vs 8.5 ms with the jars swapped). Run such a pair in both orders and trust only a ratio
 * that flips with the order.
 */
public class AbTime {
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: AbTime A.jar B.jar WORKLOAD ARGS... (see CpuTime.java)");
        }
        int threads = Integer.getInteger("threads", 1);
        double warm = Double.parseDouble(System.getProperty("warm", "4"));
        int reps = Integer.getInteger("reps", 31);
        String[] workload = Arrays.copyOfRange(args, 2, args.length);
        Path classes = compileCpuTime(Path.of(args[0]));
        String[] label = {"A", "B"};
        Runnable[] ops = new Runnable[2];
        List<List<AutoCloseable>> held = List.of(new ArrayList<>(), new ArrayList<>());
        for (int j = 0; j < 2; j++) {
            Path jar = Path.of(args[j]);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("AbTime: jar " + jar + " does not exist");
            }
            var loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Method prepare = loader.loadClass("CpuTime").getMethod("prepare", String[].class, int.class, List.class);
            ops[j] = (Runnable) prepare.invoke(null, workload, threads, held.get(j));
        }
        for (int j = 0; j < 2; j++) {
            long end = System.nanoTime() + (long) (warm * 1e9);
            while (System.nanoTime() < end) {
                ops[j].run();
            }
        }
        double[][] cpu = new double[2][reps], wall = new double[2][reps];
        double[] ratio = new double[reps], wallRatio = new double[reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 2; k++) {
                int j = (r + k) % 2; // who goes first alternates too
                long c0 = THREAD.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                ops[j].run();
                cpu[j][r] = (THREAD.getCurrentThreadCpuTime() - c0) / 1e6;
                wall[j][r] = (System.nanoTime() - w0) / 1e6;
            }
            ratio[r] = cpu[1][r] / cpu[0][r];
            wallRatio[r] = wall[1][r] / wall[0][r];
        }
        System.out.println(String.join(" ", workload) + ", threads " + threads + ", " + reps + " pairs");
        for (int j = 0; j < 2; j++) {
            System.out.printf("  %s %-40s cpu %.3f ms  wall %.3f ms%n", label[j], args[j], median(cpu[j]),
                    median(wall[j]));
        }
        System.out.printf("  B/A median ratio: cpu %.3f  wall %.3f%n", median(ratio), median(wallRatio));
        for (List<AutoCloseable> h : held) {
            for (int i = h.size() - 1; i >= 0; i--) {
                h.get(i).close();
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** CpuTime.java (beside this file) compiled against A's jar into a temporary folder. */
    private static Path compileCpuTime(Path jar) throws Exception {
        Path source = Path.of(AbTime.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("CpuTime.java");
        if (!Files.isRegularFile(source)) {
            source = Path.of("bench/tools/CpuTime.java");
        }
        Path out = Files.createTempDirectory("abtime");
        var messages = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, messages, messages, "--add-modules",
                "jdk.incubator.vector", "-cp", jar.toString(), "-d", out.toString(), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("AbTime: could not compile " + source + " against " + jar + ":\n"
                    + messages);
        }
        return out;
    }
}
