package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jrnn.bench.jmh.ModelTrainStepBenchmark;
import org.jrnn.bench.shapes.BenchShapes;
import org.jrnn.bench.shapes.ShapesCsv;
import org.junit.jupiter.api.Test;

/**
 * bench/shapes.csv, read by the PyTorch script and the oneDNN program, must be exactly the Java shape list; so must
 * their model constants.
 */
class ShapesCsvTest {
    @Test
    void committedCsvMatchesJavaList() throws Exception {
        Path csv = Path.of("shapes.csv");  // surefire runs in the module folder
        List<String> onDisk = Files.readAllLines(csv).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals(ShapesCsv.lines(), onDisk, "bench/shapes.csv is stale: regenerate it with "
                + "'java -jar bench/target/benchmarks.jar shapes > bench/shapes.csv'");
    }

    @Test
    void pytorchModelKindMatchesTheJavaBenchmark() throws Exception {
        String py = Files.readString(Path.of("pytorch/bench_torch.py"));
        String shapes = BenchShapes.MODEL.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "));
        for (String line : List.of("MODEL_SHAPES = [" + shapes + "]",
                "MODEL_VOCABULARY = " + ModelTrainStepBenchmark.VOCABULARY,
                "MODEL_CLASSES = " + ModelTrainStepBenchmark.CLASSES,
                "MODEL_BATCHES = " + ModelTrainStepBenchmark.BATCHES,
                "MODEL_FIRST_TOKEN = " + ModelTrainStepBenchmark.FIRST_TOKEN,
                "MODEL_LEARNING_RATE = 1e-3")) {
            assertTrue(py.contains("\n" + line + "\n"), "bench_torch.py should say: " + line);
        }
        assertEquals(1e-3f, ModelTrainStepBenchmark.LEARNING_RATE);
    }

    @Test
    void onednnModelKindMatchesTheJavaBenchmark() throws Exception {
        String cpp = Files.readString(Path.of("onednn/bench_onednn.cpp"));
        String shapes = BenchShapes.MODEL.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "));
        for (String line : List.of("MODEL_SHAPES = {" + shapes + "};",
                "constexpr int MODEL_VOCABULARY = " + ModelTrainStepBenchmark.VOCABULARY + ";",
                "constexpr int MODEL_CLASSES = " + ModelTrainStepBenchmark.CLASSES + ";",
                "constexpr int MODEL_BATCHES = " + ModelTrainStepBenchmark.BATCHES + ";",
                "constexpr int MODEL_FIRST_TOKEN = " + ModelTrainStepBenchmark.FIRST_TOKEN + ";",
                "constexpr float MODEL_LEARNING_RATE = 1e-3f;")) {
            assertTrue(cpp.contains(line), "bench_onednn.cpp should say: " + line);
        }
    }
}
