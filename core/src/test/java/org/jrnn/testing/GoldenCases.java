package org.jrnn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;

/**
 * The PyTorch golden files under {@code golden/} on the test class path (made by tools/golden/make_golden.py, listed
 * in {@code golden/INDEX}), turned into a {@link Fixtures.Case} and PyTorch's expected {@link Fixtures.Run}.
 */
public final class GoldenCases {
    private GoldenCases() {}

    /** A golden case: its file name, the inputs, and PyTorch's results (computed in float64, stored as float32). */
    public record Golden(String name, Fixtures.Case input, Fixtures.Run expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<String> names() {
        return names("");
    }

    /** The files listed in {@code golden/<folder>INDEX}; folder is "" or ends with '/', e.g. "train/". */
    public static List<String> names(String folder) {
        try (InputStream in = GoldenCases.class.getResourceAsStream("/golden/" + folder + "INDEX")) {
            if (in == null) {
                throw new IllegalStateException("golden/" + folder + "INDEX is not on the test class path");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Golden> all() {
        List<Golden> list = new ArrayList<>();
        for (String n : names()) {
            list.add(load(n));
        }
        return list;
    }

    /** Copies the resource to a temporary file (it may sit inside a jar) and reads it. */
    public static Path extract(String name) throws IOException {
        try (InputStream in = GoldenCases.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " is listed in golden/INDEX but missing");
            }
            Path tmp = Files.createTempFile("golden-", "-" + name.substring(name.lastIndexOf('/') + 1));
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }

    public static Golden load(String name) {
        try {
            SafeTensorsFile f = SafeTensors.read(extract(name));
            var meta = f.metadata();
            CellType cell = CellType.parse(meta.get("cell"));
            int in = Integer.parseInt(meta.get("input_size"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            int layers = Integer.parseInt(meta.get("num_layers"));
            boolean bi = Boolean.parseBoolean(meta.get("bidirectional"));
            boolean bias = Boolean.parseBoolean(meta.get("bias"));
            RnnSpec spec = new RnnSpec(cell, in, hidden, layers, bi, bias, 0f);
            long[] xs = f.shape("input");
            int B = (int) xs[0];
            int T = (int) xs[1];
            ParameterLayout layout = spec.parameterLayout();
            float[] params = new float[layout.size()];
            float[] grads = new float[layout.size()];
            for (ParameterLayout.Entry e : layout.entries()) {
                System.arraycopy(f.floats(e.name()), 0, params, e.offset(), e.size());
                System.arraycopy(f.floats("grad." + e.name()), 0, grads, e.offset(), e.size());
            }
            int[] lengths = null;
            if (f.has("lengths")) {
                long[] l = f.integers("lengths");
                lengths = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    lengths[i] = Math.toIntExact(l[i]);
                }
            }
            boolean lstm = cell.hasCellState();
            Fixtures.Case c = new Fixtures.Case(spec, T, B, params, f.floats("input"), f.floats("h0"),
                    lstm ? f.floats("c0") : null, lengths, f.floats("grad_output"), f.floats("grad_h_n"),
                    lstm ? f.floats("grad_c_n") : null, RunOptions.TRAINING.withBatchFirst(true));
            Fixtures.Run expected = new Fixtures.Run(f.floats("output"), f.floats("h_n"),
                    lstm ? f.floats("c_n") : null, f.floats("grad_input"), f.floats("grad_h0"),
                    lstm ? f.floats("grad_c0") : null, grads);
            return new Golden(name, c, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
