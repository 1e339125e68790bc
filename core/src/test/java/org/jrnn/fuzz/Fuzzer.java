package org.jrnn.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a file reader over its corpus and over seeded mutations of it, and checks for every input that the reader
 * either returns or throws its documented exception: an {@link IOException} or {@link IllegalArgumentException}
 * (not a bare {@link NumberFormatException}, not an enum's "No enum constant") whose message names the file when
 * the reader reads one. Anything else is a finding: another exception (NPE, IndexOutOfBounds, ArithmeticException,
 * NegativeArraySize …), an error (OutOfMemoryError, StackOverflowError), an input that runs longer than the time
 * bound, or one that allocates more than {@link #allocationBound} for its size (a declared size believed before it
 * was checked against the file).
 *
 * <p>Budget: {@code -Dfuzz.inputs=N} mutated inputs per reader (default {@value #DEFAULT_INPUTS}), or
 * {@code -Dfuzz.seconds=S} per reader instead; {@code -Dfuzz.seed} changes the seed; {@code -Dfuzz.timeoutMs}
 * the bound per input (default {@value #DEFAULT_TIMEOUT_MS} ms, generous for a loaded CI machine). Findings are
 * written to {@code target/fuzz-findings/<reader>/} for a regression test to keep.
 */
public final class Fuzzer {
    public static final int DEFAULT_INPUTS = 400;
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final int MAX_FINDINGS = 20;

    /** A reader under test: reads {@code file} and uses what it returns; throws on bad input. */
    @FunctionalInterface
    public interface Target {
        void read(Path file) throws Exception;
    }

    /** What a run did: inputs tried, how many the reader accepted, and the findings (empty when all is well). */
    public record Report(String reader, int inputs, int accepted, int rejected, double seconds,
                         List<String> findings) {
        @Override
        public String toString() {
            return String.format("fuzz %s: %d inputs (%d accepted, %d rejected as documented) in %.1f s, %d findings",
                    reader, inputs, accepted, rejected, seconds, findings.size());
        }
    }

    private final String reader;
    private final Mutator.Format format;
    private final boolean namesFile;
    private final Target target;
    private final Path work;
    private List<Class<? extends Throwable>> documented = List.of(IOException.class, IllegalArgumentException.class);

    /**
     * @param reader    the corpus folder's name under {@code src/test/resources/fuzz/}
     * @param namesFile whether the documented exceptions must name the file
     * @param work      a folder for the input file
     */
    public Fuzzer(String reader, Mutator.Format format, boolean namesFile, Path work, Target target) {
        this.reader = reader;
        this.format = format;
        this.namesFile = namesFile;
        this.work = work;
        this.target = target;
    }

    /** Replaces the documented exception types (IOException and IllegalArgumentException by default). */
    @SafeVarargs
    public final Fuzzer documenting(Class<? extends Throwable>... types) {
        documented = List.of(types);
        return this;
    }

    /**
     * Runs several readers of one file as one target. A documented failure of one does not stop the others but must
     * name the file (an {@link AssertionError} otherwise, which the fuzzer reports); an undocumented one is thrown at
     * once. When every reader failed, the first failure is thrown; when one succeeded, the call returns.
     */
    public static void each(Path file, Target... readers) throws Exception {
        Exception first = null;
        int failed = 0;
        for (Target r : readers) {
            try {
                r.read(file);
            } catch (IOException | IllegalArgumentException e) {
                if (e instanceof NumberFormatException) {
                    throw e;
                }
                if (e.getMessage() == null || !e.getMessage().contains(file.getFileName().toString())) {
                    throw new AssertionError("a reader's " + e.getClass().getSimpleName()
                            + " does not name the file: " + clip(String.valueOf(e.getMessage())), e);
                }
                failed++;
                if (first == null) {
                    first = e;
                }
            }
        }
        if (failed == readers.length) {
            throw first;
        }
    }

    /** The corpus: every file under {@code src/test/resources/fuzz/<reader>/} (seeds and kept findings). */
    public static List<Path> corpus(String reader) {
        Path dir = Path.of("src", "test", "resources", "fuzz", reader);
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no corpus files under " + dir.toAbsolutePath());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus " + dir.toAbsolutePath(), e);
        }
    }

    /** Memory an input may make the reader allocate: a multiple of its size plus a constant for parser state. */
    static long allocationBound(long size) {
        return 64 * size + (32L << 20);
    }

    /** Replays the corpus as is, then {@code -Dfuzz.inputs} (or {@code -Dfuzz.seconds} worth of) mutations. */
    public Report run() throws IOException {
        int inputs = Integer.getInteger("fuzz.inputs", DEFAULT_INPUTS);
        long seconds = Long.getLong("fuzz.seconds", 0);
        long seed = Long.getLong("fuzz.seed", 0x5eed_f022L) ^ reader.hashCode();
        long timeoutMs = Long.getLong("fuzz.timeoutMs", DEFAULT_TIMEOUT_MS);
        List<Path> corpus = corpus(reader);
        List<byte[]> seeds = new ArrayList<>();
        for (Path p : corpus) {
            seeds.add(Files.readAllBytes(p));
        }
        Mutator mutator = new Mutator(seed);
        java.util.SplittableRandom choose = new java.util.SplittableRandom(seed + 1);
        Map<String, String> findings = new LinkedHashMap<>(); // signature → description
        int accepted = 0;
        int rejected = 0;
        int done = 0;
        long start = System.nanoTime();
        long deadline = seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
        ExecutorService worker = newWorker();
        Path file = work.resolve(fileName(corpus.getFirst()));
        try {
            for (int i = 0; ; i++) {
                boolean replay = i < seeds.size();
                if (!replay && (seconds > 0 ? System.nanoTime() > deadline : i - seeds.size() >= inputs)) {
                    break;
                }
                int from = replay ? i : choose.nextInt(seeds.size());
                byte[] input = replay ? seeds.get(i) : mutator.mutate(seeds.get(from), format);
                file = work.resolve(fileName(corpus.get(from)));
                Files.write(file, input);
                Outcome o = runOne(worker, file, input.length, timeoutMs);
                done++;
                if (o.problem == null && replay && o.rejection != null
                        && corpus.get(i).getFileName().toString().startsWith("seed-")) {
                    o = new Outcome(null, "seed rejected: " + clip(String.valueOf(o.rejection)), "seed " + corpus.get(i), false);
                }
                if (o.problem == null) {
                    if (o.rejection == null) {
                        accepted++;
                    } else {
                        rejected++;
                    }
                    continue;
                }
                if (o.timedOut) {
                    worker.shutdownNow(); // the stuck thread is a daemon; a fresh one takes the next input
                    worker = newWorker();
                }
                String signature = o.signature;
                if (!findings.containsKey(signature) && findings.size() < MAX_FINDINGS) {
                    Path kept = keep(input, signature);
                    findings.put(signature, o.problem + " (input " + (replay ? corpus.get(i) : "mutation " + i
                            + " of " + corpus.get(from).getFileName()) + ", kept as " + kept + ")");
                }
            }
        } finally {
            worker.shutdownNow();
            Files.deleteIfExists(file);
        }
        double took = (System.nanoTime() - start) / 1e9;
        return new Report(reader, done, accepted, rejected, took, List.copyOf(findings.values()));
    }

    private static String fileName(Path corpusFile) {
        return "input-" + corpusFile.getFileName();
    }

    private record Outcome(Throwable rejection, String problem, String signature, boolean timedOut) {}

    private Outcome runOne(ExecutorService worker, Path file, long size, long timeoutMs) {
        Future<Object[]> f = worker.submit(() -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            Throwable thrown = null;
            try {
                target.read(file);
            } catch (Throwable t) {
                thrown = t;
            }
            return new Object[] {thrown, mx.getCurrentThreadAllocatedBytes() - before};
        });
        Object[] r;
        try {
            r = f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(null, "no result within " + timeoutMs + " ms (a hang?)", "timeout", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return new Outcome(null, "harness failure: " + e.getCause(), "harness", false);
        }
        Throwable t = (Throwable) r[0];
        long allocated = (Long) r[1];
        if (allocated > allocationBound(size)) {
            return new Outcome(null, "allocated " + allocated + " bytes for a " + size + "-byte file (bound "
                    + allocationBound(size) + ")" + (t == null ? "" : ", then threw " + clip(t.toString())), "allocation " + where(t),
                    false);
        }
        if (t == null) {
            return new Outcome(null, null, null, false);
        }
        String problem = undocumented(t, file);
        if (problem == null) {
            return new Outcome(t, null, null, false);
        }
        return new Outcome(t, problem + ": " + stackOf(t), t.getClass().getName() + " " + where(t), false);
    }

    /** Why {@code t} is not the reader's documented failure, or null when it is. */
    String undocumented(Throwable t, Path file) {
        if (documented.stream().noneMatch(c -> c.isInstance(t))) {
            return "undocumented " + t.getClass().getSimpleName();
        }
        if (t instanceof NumberFormatException) {
            return "bare NumberFormatException (names no field)";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName() + " without a message";
        }
        if (m.startsWith("No enum constant")) {
            return "bare enum valueOf message (names no field)";
        }
        if (namesFile && !m.contains(file.getFileName().toString())) {
            return t.getClass().getSimpleName() + " whose message does not name the file";
        }
        return null;
    }

    private static String where(Throwable t) {
        if (t == null) {
            return "";
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("org.jrnn") && !e.getClassName().startsWith("org.jrnn.fuzz")) {
                return e.getClassName() + ":" + e.getLineNumber();
            }
        }
        return t.getStackTrace().length > 0 ? t.getStackTrace()[0].toString() : "?";
    }

    /** At most 300 characters of {@code s} (fuzzed inputs make long messages). */
    static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }

    private static String stackOf(Throwable t) {
        StringBuilder sb = new StringBuilder(clip(String.valueOf(t)));
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            sb.append("\n        at ").append(st[i]);
        }
        return sb.toString();
    }

    private Path keep(byte[] input, String signature) throws IOException {
        Path dir = Path.of("target", "fuzz-findings", reader);
        Files.createDirectories(dir);
        String name = String.format("%08x", signature.hashCode()) + ".bin";
        Path p = dir.resolve(name);
        Files.write(p, input);
        Files.writeString(dir.resolve(name + ".txt"), signature + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }
}
