package org.jrnn.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The built-in demo: lists the backends, then runs {@code forward} and {@code backward} on a 2-layer bidirectional
 * LSTM with a ragged batch whose weights, inputs and results came from PyTorch 1.13 (shipped in the jar), and prints
 * how far this engine's numbers are from PyTorch's.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Lists the backends, then runs forward and backward on a built-in PyTorch-made LSTM",
                "and compares every result with PyTorch's."})
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/demo/lstm_bidirectional_ragged.safetensors";

    @Mixin
    CommonOptions common;

    @CommandLine.Option(names = "--backend", paramLabel = "NAME", description = "Backend to run (default: the best available).")
    String backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("rnn-demo-");
        try {
            Path model = dir.resolve("lstm_bidirectional_ragged.safetensors");
            try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the demo data " + RESOURCE + " is missing from the jar");
                }
                Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("== backends");
            out.flush();
            int status = run(out, err, "backends", "--no-create");
            if (status != 0) {
                return status;
            }
            Path result = dir.resolve("result.safetensors");
            out.println();
            out.println("== backward on " + RESOURCE.substring(RESOURCE.lastIndexOf('/') + 1)
                    + " (weights, input, lengths and PyTorch's results in one file)");
            out.flush();
            String[] args = backend == null
                    ? new String[] {"backward", "-w", model.toString(), "-x", model.toString(), "-o", result.toString(), "--repeat", "50"}
                    : new String[] {"backward", "-w", model.toString(), "-x", model.toString(), "-o", result.toString(), "--repeat", "50", "--backend", backend};
            status = run(out, err, args);
            if (status != 0) {
                return status;
            }
            SafeTensorsFile ours = SafeTensors.read(result);
            SafeTensorsFile torch = SafeTensors.read(model);
            out.println();
            out.println("== largest |ours - PyTorch| per tensor (PyTorch computed in float64)");
            double worst = 0;
            for (String name : ours.names()) {
                if (!torch.has(name)) {
                    continue;
                }
                float[] a = ours.floats(name);
                float[] b = torch.floats(name);
                double m = 0;
                for (int i = 0; i < a.length; i++) {
                    m = Math.max(m, Math.abs((double) a[i] - b[i]));
                }
                worst = Math.max(worst, m);
                out.printf(Locale.ROOT, "  %-28s %.2e%n", name, m);
            }
            out.printf(Locale.ROOT, "worst: %.2e %s%n", worst, worst <= 1e-4 ? "(within 1e-4)" : "(ABOVE 1e-4)");
            out.flush();
            return worst <= 1e-4 ? 0 : Main.EXIT_DATA;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = Main.newCommandLine(false);
        cmd.setOut(out);
        cmd.setErr(err);
        return cmd.execute(args);
    }
}
