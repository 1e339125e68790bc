package org.jrnn.examples.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jrnn.examples.sentiment.LabeledTexts;
import org.jrnn.examples.sentiment.TextReaders;
import org.jrnn.examples.stock.PriceCsv;
import org.jrnn.examples.stock.PriceSeries;
import org.jrnn.fuzz.Fuzzer;
import org.jrnn.fuzz.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the examples' file readers (prices CSV, the sentiment text formats) with core's engine ({@link Fuzzer}):
 * every input gives a result or an IllegalArgumentException/IOException naming the file, within the time and
 * memory bounds. Corpus: {@code src/test/resources/fuzz/<reader>/}.
 */
class ExamplesFuzzTest {
    @TempDir
    Path work;

    private void fuzz(String reader, Fuzzer.Target target) throws IOException {
        Fuzzer.Report r = new Fuzzer(reader, Mutator.Format.TEXT, true, work, target).run();
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), r + ":\n  " + String.join("\n  ", r.findings()));
    }

    private static void check(LabeledTexts t) {
        assertEquals(t.texts().size(), t.size());
        for (int i = 0; i < t.size(); i++) {
            assertTrue(!t.texts().get(i).isBlank() && (t.labels()[i] == 0 || t.labels()[i] == 1), "row " + i);
        }
    }

    private static void check(PriceSeries s) {
        assertTrue(s.values().length > 0 && s.values().length % s.columns().size() == 0);
        for (float v : s.values()) {
            assertTrue(Float.isFinite(v), "finite values only");
        }
    }

    @Test
    void priceCsv() throws IOException {
        fuzz("price-csv", f -> Fuzzer.each(f,
                g -> check(PriceCsv.read(g, PriceCsv.Options.defaults())),
                g -> check(PriceCsv.read(g, new PriceCsv.Options("2", null, null, true))),
                g -> check(PriceCsv.read(g, new PriceCsv.Options("Close", List.of("Open", "Close"), "yyyy-MM-dd",
                        true)))));
    }

    @Test
    void textTsv() throws IOException {
        fuzz("text-tsv", f -> check(TextReaders.tsv(f, StandardCharsets.UTF_8)));
    }

    @Test
    void textSst2() throws IOException {
        fuzz("text-sst2", f -> check(TextReaders.sst2(f, StandardCharsets.UTF_8)));
    }

    @Test
    void textCsv() throws IOException {
        fuzz("text-csv", f -> check(TextReaders.csv(f, StandardCharsets.UTF_8)));
    }

    /** One text per line (lines, and --predict-file's texts), and the same bytes as one imdb review. */
    @Test
    void textLinesAndImdb() throws IOException {
        Path imdb = work.resolve("imdb");
        fuzz("text-lines", f -> Fuzzer.each(f,
                g -> check(TextReaders.lines(List.of(g), StandardCharsets.UTF_8, Map.of(g.getFileName().toString(), 1))),
                g -> TextReaders.texts(g, StandardCharsets.ISO_8859_1).forEach(t -> assertTrue(!t.isBlank(), t)),
                g -> {
                    for (String sub : List.of("pos", "neg")) {
                        Files.createDirectories(imdb.resolve(sub));
                        Files.copy(g, imdb.resolve(sub).resolve(g.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    check(TextReaders.imdb(imdb, StandardCharsets.UTF_8));
                }));
    }

    // ---- findings, kept in the corpus as finding-* and checked here by name ----------------------------------

    private static final Path CORPUS = Path.of("src", "test", "resources", "fuzz");

    private static void assertNames(Exception e, Path file, String fragment) {
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains(fragment),
                e.getMessage());
    }

    /** Was commons-csv's "A header name is missing in [text, , label]" without the file. */
    @Test
    void csvHeaderWithAnEmptyName() {
        Path f = CORPUS.resolve("text-csv/finding-header-name-missing.csv");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TextReaders.csv(f, StandardCharsets.UTF_8));
        assertNames(e, f, "not valid CSV with a header row: A header name is missing");
    }

    /** Was a bare CSVException (an IOException) "Invalid character between encapsulated token and delimiter". */
    @Test
    void csvHeaderWithTextAfterAQuotedName() {
        Path f = CORPUS.resolve("text-csv/finding-garbage-after-quoted-header.csv");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TextReaders.csv(f, StandardCharsets.UTF_8));
        assertNames(e, f, "Invalid character between encapsulated token and delimiter");
    }

    /** Was java.nio's MalformedInputException "Input length = 1", naming neither the file nor the problem. */
    @Test
    void priceFileThatIsNotUtf8() {
        Path f = CORPUS.resolve("price-csv/finding-not-utf8.csv");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PriceCsv.read(f, PriceCsv.Options.defaults()));
        assertNames(e, f, "not UTF-8 text");
    }
}
