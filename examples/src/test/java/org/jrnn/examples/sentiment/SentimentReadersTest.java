package org.jrnn.examples.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file format: what it reads, and the file and line (or byte offset) of what it rejects. */
class SentimentReadersTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String error(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void tsvSplitsOnTheLastTabAndKeepsQuotesAsText() throws IOException {
        Path p = file("t.tsv", "\"great\" movie, really\t1\nsaid \"meh\"\tthen left\t0\n");
        LabeledTexts t = TextReaders.tsv(p, StandardCharsets.UTF_8);
        assertEquals(List.of("\"great\" movie, really", "said \"meh\"\tthen left"), t.texts());
        assertArrayEquals(new int[] {1, 0}, t.labels());
    }

    @Test
    void tsvErrorsNameTheFileAndLine() throws IOException {
        Path missing = file("m.tsv", "good\t1\nbad\t\nfine\t1\n");
        assertEquals(missing + ":2: missing label: expected 0 or 1",
                error(() -> TextReaders.tsv(missing, StandardCharsets.UTF_8)));
        Path noTab = file("n.tsv", "good\t1\nno tab here\n");
        assertTrue(error(() -> TextReaders.tsv(noTab, StandardCharsets.UTF_8))
                .startsWith(noTab + ":2: no tab"));
        Path two = file("l.tsv", "good\t1\nbad\t2\n");
        assertEquals(two + ":2: label '2' is not 0 or 1", error(() -> TextReaders.tsv(two,
                StandardCharsets.UTF_8)));
        Path empty = file("e.tsv", "good\t1\n \t0\n");
        assertEquals(empty + ":2: empty text", error(() -> TextReaders.tsv(empty, StandardCharsets.UTF_8)));
    }

    @Test
    void sst2FindsTheColumnsByTheirHeaderNames() throws IOException {
        LabeledTexts glue = TextReaders.sst2(file("a.tsv", "sentence\tlabel\nit 's a charming journey \t1\n"
                + "a \"so-so\" film\t0\n"), StandardCharsets.UTF_8);
        assertEquals(List.of("it 's a charming journey ", "a \"so-so\" film"), glue.texts());
        assertArrayEquals(new int[] {1, 0}, glue.labels());
        LabeledTexts other = TextReaders.sst2(file("b.tsv", "idx\tSentiment\tReview\n0\t1\tloved it\n1\t0\tno\n"),
                StandardCharsets.UTF_8);
        assertEquals(List.of("loved it", "no"), other.texts());
        assertArrayEquals(new int[] {1, 0}, other.labels());
        Path ambiguous = file("c.tsv", "text\tsentence\tlabel\na\tb\t1\n");
        assertTrue(error(() -> TextReaders.sst2(ambiguous, StandardCharsets.UTF_8))
                .contains("two text columns, 'text' and 'sentence'"));
        Path noLabel = file("d.tsv", "sentence\tscore\na\t1\n");
        assertTrue(error(() -> TextReaders.sst2(noLabel, StandardCharsets.UTF_8)).contains("no label column"));
        Path missing = file("e.tsv", "sentence\tlabel\ngood\t1\nbad\t \n");
        assertEquals(missing + ":3: missing label: expected 0 or 1",
                error(() -> TextReaders.sst2(missing, StandardCharsets.UTF_8)));
    }

    @Test
    void csvFollowsRfc4180Quoting() throws IOException {
        Path p = file("r.csv", "text,label\r\n\"good, \"\"really\"\" good\",1\r\nplain bad,0\r\n\"two\nlines\",1\r\n");
        LabeledTexts t = TextReaders.csv(p, StandardCharsets.UTF_8);
        assertEquals(List.of("good, \"really\" good", "plain bad", "two\nlines"), t.texts());
        assertArrayEquals(new int[] {1, 0, 1}, t.labels());
        Path missing = file("m.csv", "text,label\n\"a, b\",1\nno label here\n");
        assertEquals(missing + ":3: missing label: expected 2 fields as in the header, got 1",
                error(() -> TextReaders.csv(missing, StandardCharsets.UTF_8)));
        Path after = file("q.csv", "text,label\n\"multi\nline\",1\nok,\n");
        assertEquals(after + ":4: missing label: expected 0 or 1",
                error(() -> TextReaders.csv(after, StandardCharsets.UTF_8)));
    }

    @Test
    void linesNameTheByteOffsetOfMalformedInput() throws IOException {
        Path pos = file("pos.txt", "good\nfine\n");
        Path neg = dir.resolve("neg.txt");
        Files.write(neg, new byte[] {'b', 'a', 'd', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'}); // Latin-1 "café"
        String msg = error(() -> TextReaders.lines(List.of(pos, neg), StandardCharsets.UTF_8,
                Map.of("pos.txt", 1, "neg.txt", 0)));
        assertEquals(neg + ": malformed UTF-8 input at byte offset 7 (1 byte, line 2); give --encoding if the file"
                + " is not UTF-8", msg);
        LabeledTexts latin = TextReaders.lines(List.of(pos, neg), StandardCharsets.ISO_8859_1,
                Map.of("pos.txt", 1, "neg.txt", 0));
        assertEquals(List.of("good", "fine", "bad", "café"), latin.texts());
        assertArrayEquals(new int[] {1, 1, 0, 0}, latin.labels());
        Path blank = file("b.txt", "one\n\nthree\n");
        assertEquals(blank + ":2: empty text", error(() -> TextReaders.lines(List.of(blank),
                StandardCharsets.UTF_8, Map.of("b.txt", 1))));
        assertTrue(error(() -> TextReaders.lines(List.of(pos), StandardCharsets.UTF_8, Map.of()))
                .contains("no label for this file"));
    }

    @Test
    void imdbReadsPosAndNegAndStripsLineBreaks() throws IOException {
        Path root = dir.resolve("aclImdb");
        Files.createDirectories(root.resolve("pos"));
        Files.createDirectories(root.resolve("neg"));
        Files.writeString(root.resolve("pos/1_9.txt"), "Loved it.<br /><br />Would watch again.");
        Files.writeString(root.resolve("pos/0_10.txt"), "A gem.");
        Files.writeString(root.resolve("neg/5_2.txt"), "Dull<br/>and long.");
        assertEquals(TextFormat.IMDB, TextFormat.guess(root));
        LabeledTexts t = TextReaders.imdb(root, StandardCharsets.UTF_8);
        assertEquals(List.of("A gem.", "Loved it.  Would watch again.", "Dull and long."), t.texts());
        assertArrayEquals(new int[] {1, 1, 0}, t.labels());
        Files.writeString(root.resolve("neg/6_1.txt"), "<br />");
        assertEquals(root.resolve("neg/6_1.txt") + ":1: empty text", error(() -> TextReaders.imdb(root,
                StandardCharsets.UTF_8)));
    }

    @Test
    void formatsAreGuessedFromTheNameAndTheFirstLine() throws IOException {
        assertEquals(TextFormat.SST2, TextFormat.guess(file("x.tsv", "sentence\tlabel\na\t1\n")));
        assertEquals(TextFormat.TSV, TextFormat.guess(file("y.tsv", "a\t1\n")));
        assertEquals(TextFormat.CSV, TextFormat.guess(file("z.csv", "text,label\n")));
        assertEquals(TextFormat.LINES, TextFormat.guess(file("w.txt", "a\n")));
        assertTrue(error(() -> TextFormat.guess(file("v.json", "{}"))).contains("give --format"));
    }
}
