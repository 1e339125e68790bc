package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn sentiment} end to end: built-in data, real-format files, save and predict, determinism, errors. */
class SentimentCommandTest {
    /** A small, fast network for the tests that check plumbing rather than accuracy. */
    private static final String[] TINY = {"--hidden", "16", "--embedding", "8", "--epochs", "2", "--quiet"};

    @TempDir
    Path dir;

    private static String[] args(String[] fixed, String... more) {
        List<String> a = new ArrayList<>(List.of("sentiment"));
        a.addAll(List.of(fixed));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String json(Path file) throws Exception {
        return Files.readString(file);
    }

    /** The value of {@code "key"} in the top-level section {@code "section"} of a --json report (flat sections). */
    private static String value(String json, String section, String key) {
        Matcher m = Pattern.compile("\"" + section + "\": \\{([^}]*)}", Pattern.DOTALL).matcher(json);
        assertTrue(m.find(), "no section " + section + " in " + json);
        Matcher v = Pattern.compile("\"" + key + "\": ([^,\\n]+)").matcher(m.group(1));
        assertTrue(v.find(), "no " + section + "." + key + " in " + json);
        return v.group(1).trim();
    }

    private static double number(String json, String section, String key) {
        return Double.parseDouble(value(json, section, key));
    }

    /** The report without its timings. */
    private static String untimed(String json) {
        return json.lines().filter(l -> !l.contains("second")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void theLstmLearnsTheBuiltInReviewsThatDefeatTheBagOfWords() throws Exception {
        // The built-in run made smaller (6000 reviews, 64 hidden units, lr 0.003) so that it stays fast.
        Path report = dir.resolve("r.json");
        Cli.Result r = Cli.run("sentiment", "--sentences", "6000", "--hidden", "64", "--epochs", "10", "--lr", "0.003",
                "--quiet", "--json", report.toString());
        assertEquals(0, r.exit(), r.toString());
        String j = json(report);
        double lstm = number(j, "model", "accuracy");
        double bow = number(j, "baseline", "accuracy");
        assertTrue(lstm >= 0.90, r.toString());
        assertTrue(lstm - bow >= 0.10, r.toString());
        assertTrue(bow < 0.70, "the bag of words should not solve the built-in data: " + r);
        assertTrue(r.out().contains("bag of words") && r.out().contains("confusion matrix"), r.out());
    }

    @Test
    void sameSeedSameMetrics() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(0, Cli.run(args(TINY, "--sentences", "300", "--seed", "3", "--json", a.toString())).exit());
        assertEquals(0, Cli.run(args(TINY, "--sentences", "300", "--seed", "3", "--json", b.toString())).exit());
        String ja = json(a);
        assertTrue(ja.contains("\"model\"") && ja.contains("\"baseline\""), ja);
        assertEquals(untimed(ja), untimed(json(b)));
    }

    @Test
    void realFilesTrainSaveAndPredictOnAnyBackend() throws Exception {
        Cli.Result w = Cli.run("sentiment", "--write-data", dir.toString(), "--sentences", "400");
        assertEquals(0, w.exit(), w.toString());
        assertTrue(Files.readString(dir.resolve("train.tsv")).startsWith("sentence\tlabel\n"));
        Path model = dir.resolve("m.safetensors");
        Path report = dir.resolve("r.json");
        Cli.Result r = Cli.run(args(TINY, "--train", dir.resolve("train.tsv").toString(), "--test",
                dir.resolve("test.tsv").toString(), "--backend", "cpu-simd", "--save", model.toString(), "--json",
                report.toString()));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("train 360, validation 40, test 50 texts"), r.out());
        String j = json(report);
        assertEquals(360.0, number(j, "data", "train_rows"));
        assertEquals(50.0, number(j, "data", "test_rows"));
        assertEquals("\"cpu-simd\"", value(j, "run", "backend"));
        for (String k : List.of("accuracy", "precision", "recall", "f1")) {
            number(j, "model", k);
            number(j, "baseline", k);
        }

        Path texts = dir.resolve("texts.txt");
        Files.writeString(texts, "the plot was not good at all\nalthough the acting was dull , the ending was superb\n",
                StandardCharsets.UTF_8);
        String[] predict = {"sentiment", "--model", model.toString(), "--predict", "a very good film", "--predict",
                "i did not enjoy the music", "--predict-file", texts.toString(), "--backend"};
        Cli.Result simd = Cli.run(with(predict, "cpu-simd"));
        Cli.Result ref = Cli.run(with(predict, "reference"));
        assertEquals(0, simd.exit(), simd.toString());
        assertEquals(0, ref.exit(), ref.toString());
        List<String> a = simd.out().lines().toList();
        List<String> b = ref.out().lines().toList();
        assertEquals(5, a.size(), simd.out());
        assertEquals("label\tp_positive\ttext", a.getFirst());
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split("\t");
            String[] y = b.get(i).split("\t");
            assertEquals(x[0], y[0]);
            assertEquals(Double.parseDouble(x[1]), Double.parseDouble(y[1]), 1e-4, a.get(i) + " vs " + b.get(i));
            assertEquals(x[2], y[2]);
        }
        assertTrue(a.get(3).endsWith("\tthe plot was not good at all"));
    }

    private static String[] with(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }

    @Test
    void otherFormatsThroughTheCommand() throws Exception {
        Path pos = dir.resolve("pos.txt");
        Path neg = dir.resolve("neg.txt");
        StringBuilder p = new StringBuilder();
        StringBuilder n = new StringBuilder();
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 30; i++) {
            p.append("a fine and lovely day number ").append(i).append('\n');
            n.append("a grim, \"awful\" day number ").append(i).append('\n');
            csv.append(i % 2 == 0 ? "\"lovely, \"\"fine\"\"\",1\n" : "grim day,0\n");
        }
        Files.writeString(pos, p);
        Files.writeString(neg, n);
        Files.writeString(dir.resolve("test.csv"), csv);
        Cli.Result r = Cli.run(args(TINY, "--train", pos + "," + neg, "--test", dir.resolve("test.csv").toString(),
                "--format", "lines", "--label-of-file", "pos.txt=1,neg.txt=0"));
        // --format applies to both files: the csv test file is read as lines and has no label
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("no label for this file"), r.err());

        Files.writeString(dir.resolve("test.txt"), "a lovely day\n");
        r = Cli.run(args(TINY, "--train", pos + "," + neg, "--test", dir.resolve("test.txt").toString(),
                "--label-of-file", "pos.txt=1,neg.txt=0,test.txt=1"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("train 54, validation 6, test 1 texts"), r.out());
    }

    @Test
    void helpListsTheOptions() {
        Cli.Result r = Cli.run("sentiment", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("--label-of-file") && r.out().contains("10% of --train"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "good\t1\nbad\t0\nmeh\t\n");
        Cli.Result r = Cli.run(args(TINY, "--train", bad.toString(), "--test", bad.toString()));
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of("rnn: error: " + bad + ":3: missing label: expected 0 or 1"), r.errLines());

        r = Cli.run("sentiment", "--model", dir.resolve("m.safetensors").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.errLines().getFirst().startsWith("rnn: error: --model needs texts"), r.err());

        r = Cli.run("sentiment", "--train", bad.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("needs both --train and --test"), r.err());

        r = Cli.run("sentiment", "--train", bad.toString(), "--test", bad.toString(), "--format", "xml");
        assertEquals(2, r.exit(), r.toString());

        r = Cli.run("sentiment", "--model", bad.toString(), "--predict", "hello");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.err());
    }
}
