package org.jrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jrnn.backend.Backend;
import org.jrnn.backend.BackendUnavailableException;
import org.jrnn.backend.Backends;
import org.jrnn.backend.Backends.Candidate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A diagnostic dump: the JVM and machine, every backend provider found, and which one would be chosen. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Lists the backends found on the class path, whether each can run here and why not, "
                + "and which one would be chosen (--backend, else -Drnn.backend / RNN_BACKEND, else the "
                + "highest-priority available one).",
                "Exits with 1 when an explicitly chosen backend is unavailable."})
final class BackendsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Check this backend instead of the one named by -Drnn.backend / RNN_BACKEND.")
    String backend;

    @Option(names = "--no-create",
            description = "Do not create the available backends to ask what they found (threads, vector width, device).")
    boolean noCreate;

    @Option(names = "--reprobe",
            description = "Probe every provider again instead of using this JVM's cached probe results.")
    boolean reprobe;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        out.println("Java:       " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vm.vendor") + ")");
        out.println("Java home:  " + System.getProperty("java.home"));
        out.println("OS:         " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        cpuModel().ifPresent(m -> out.println("CPU:        " + m));
        out.println("Processors: " + rt.availableProcessors() + " available to the JVM");
        out.println("Max heap:   " + rt.maxMemory() / (1024 * 1024) + " MiB");
        out.println("Vector API: " + vectorModule());
        out.println("Requested:  " + requested());
        out.println();

        List<Candidate> all = Backends.discover(reprobe);
        Backends.Selection selection = null;
        String failure = null;
        try {
            selection = Backends.select(backend);
        } catch (BackendUnavailableException e) {
            failure = e.getMessage();
        }
        out.println("Backends found (" + all.size() + "), highest priority first:");
        int width = all.stream().mapToInt(c -> c.name().length()).max().orElse(4);
        for (Candidate c : all) {
            boolean chosen = selection != null && selection.chosen().name().equals(c.name());
            out.printf("  %s %-" + width + "s  priority %4d  %-11s  %s%n", chosen ? "*" : " ", c.name(),
                    c.provider().priority(), c.probe().available() ? "available" : "unavailable", c.probe().detail());
            if (c.probe().available() && !noCreate) {
                String described = describe(c);
                if (!described.equals(c.probe().detail())) {
                    out.printf("    %" + width + "s  %s%n", "", described);
                }
            }
        }
        out.println();
        if (selection != null) {
            out.println("Chosen: " + selection.chosen().name() + (selection.requestedName() != null
                    ? " (requested)" : " (highest priority available)"));
            out.flush();
            return 0;
        }
        out.println("Chosen: none");
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("rnn: error: " + failure);
        err.flush();
        return Main.EXIT_DATA;
    }

    private String requested() {
        if (backend != null) {
            return backend + " (--backend)";
        }
        String prop = System.getProperty(Backends.PROPERTY);
        String env = System.getenv(Backends.ENV);
        if (prop != null && !prop.isBlank()) {
            return prop + " (-D" + Backends.PROPERTY + (env != null && !env.isBlank() ? "; overrides "
                    + Backends.ENV + "=" + env : "") + ")";
        }
        if (env != null && !env.isBlank()) {
            return env + " (" + Backends.ENV + ")";
        }
        return "nothing (set -D" + Backends.PROPERTY + "=NAME or " + Backends.ENV + "=NAME to choose)";
    }

    /** Creates the backend to ask for its one-line description; failures are reported, not thrown. */
    private static String describe(Candidate c) {
        try (Backend b = c.provider().create()) {
            return b.describe();
        } catch (Throwable t) {
            return "creating it failed: " + t;
        }
    }

    /**
     * Whether jdk.incubator.vector is readable and, if so, the preferred float vector width. The class is looked up
     * by name only after the module check, so a JVM without the module never links it.
     */
    static String vectorModule() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "jdk.incubator.vector not loaded (start the JVM with --add-modules jdk.incubator.vector)";
        }
        try {
            Class<?> fv = Class.forName("jdk.incubator.vector.FloatVector");
            Field f = fv.getField("SPECIES_PREFERRED");
            Object species = f.get(null);
            // Through the public interface: the species' own class is in a package that is not exported.
            Class<?> vs = Class.forName("jdk.incubator.vector.VectorSpecies");
            int bits = (int) vs.getMethod("vectorBitSize").invoke(species);
            int lanes = (int) vs.getMethod("length").invoke(species);
            return "jdk.incubator.vector loaded; preferred float vectors: " + bits + " bits, " + lanes + " lanes";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "jdk.incubator.vector loaded, but its species could not be read: " + e;
        }
    }

    /** The CPU model and its SIMD features on Linux, if readable. */
    private static Optional<String> cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(info);
            String model = field(lines, "model name");
            String flags = field(lines, "flags");
            if (model == null) {
                return Optional.empty();
            }
            if (flags != null) {
                List<String> have = List.of(flags.split("\\s+"));
                List<String> simd = Stream.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "amx_tile")
                        .filter(have::contains).toList();
                model += " [" + String.join(" ", simd) + "]";
            }
            return Optional.of(model);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String field(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key) && l.indexOf(':') > 0) {
                return l.substring(l.indexOf(':') + 1).trim();
            }
        }
        return null;
    }
}
