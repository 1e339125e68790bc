package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * forward and backward on the PyTorch golden files (weights, inputs and PyTorch's results, computed in float64, in
 * one file): the command line's results must match PyTorch's.
 */
class GoldenTest {
    /** PyTorch in float64 against float32 arithmetic on small shapes; relative above magnitude 1. */
    static final double TOLERANCE = 1e-4;

    static final Path GOLDEN = goldenDirectory();

    /**
     * The core module's golden files, found from the working directory or any directory above it (Maven runs tests
     * in the module folder, an IDE may run them at the root). Missing files are a failure, never a silent skip.
     */
    static Path goldenDirectory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path g = d.resolve("core/src/test/resources/golden");
            if (Files.isRegularFile(g.resolve("INDEX"))) {
                return g;
            }
        }
        throw new IllegalStateException("no core/src/test/resources/golden/INDEX in " + start + " or above it");
    }

    @TempDir
    Path dir;

    static Stream<Path> goldenFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        if (files.size() < 20) {
            throw new IllegalStateException("expected the 20 golden files under " + GOLDEN + ", found " + files.size());
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void forwardMatchesPyTorch(Path golden) throws IOException {
        SafeTensorsFile g = SafeTensors.read(golden);
        Path out = dir.resolve("y.safetensors");
        // No --cell: it comes from the golden file's metadata.
        Cli.Result r = Cli.run("forward", "-w", golden.toString(), "-x", golden.toString(), "-o", out.toString(),
                "--backend", "reference");
        assertEquals(0, r.exit(), r::toString);
        SafeTensorsFile y = SafeTensors.read(out);
        for (String name : List.of("output", "h_n", "c_n")) {
            assertEquals(g.has(name), y.has(name), name);
            if (g.has(name)) {
                TestData.assertClose(golden.getFileName() + " " + name, g.floats(name), y.floats(name), TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void backwardMatchesPyTorch(Path golden) throws IOException {
        SafeTensorsFile g = SafeTensors.read(golden);
        Path out = dir.resolve("g.safetensors");
        Cli.Result r = Cli.run("backward", "--cell", g.metadata().get("cell"), "-w", golden.toString(),
                "-x", golden.toString(), "-o", out.toString(), "--backend", "reference");
        assertEquals(0, r.exit(), r::toString);
        SafeTensorsFile y = SafeTensors.read(out);
        List<String> compared = g.names().stream().filter(n -> n.startsWith("grad.") || List.of("output", "h_n",
                "c_n", "grad_input", "grad_h0", "grad_c0").contains(n)).toList();
        for (String name : compared) {
            TestData.assertClose(golden.getFileName() + " " + name, g.floats(name), y.floats(name), TOLERANCE);
        }
        assertEquals(compared.size(), y.names().size(), "the same tensors as PyTorch's: " + y.names());
    }
}
