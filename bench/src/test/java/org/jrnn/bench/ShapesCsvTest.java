package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrnn.bench.shapes.ShapesCsv;
import org.junit.jupiter.api.Test;

/** bench/shapes.csv, read by the PyTorch script, must be exactly the Java shape list. */
class ShapesCsvTest {
    @Test
    void committedCsvMatchesJavaList() throws Exception {
        Path csv = Path.of("shapes.csv");  // surefire runs in the module folder
        List<String> onDisk = Files.readAllLines(csv).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals(ShapesCsv.lines(), onDisk, "bench/shapes.csv is stale: regenerate it with "
                + "'java -jar bench/target/benchmarks.jar shapes > bench/shapes.csv'");
    }
}
