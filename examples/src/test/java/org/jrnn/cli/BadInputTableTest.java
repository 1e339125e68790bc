package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.data.Encoder;
import org.jrnn.data.Tokenizer;
import org.jrnn.data.Vocabulary;
import org.jrnn.examples.sentiment.LabeledTexts;
import org.jrnn.examples.sentiment.SentimentConfig;
import org.jrnn.examples.sentiment.SentimentModel;
import org.jrnn.examples.stock.StockConfig;
import org.jrnn.io.SafeTensors;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line rows (C1, C2, …) of {@code docs/bad-input.md}: each case below builds its bad input, runs the
 * command in-process, and must give the row's exit status and, on one {@code rnn: error:} line (no stack trace),
 * every {@code quoted} part of the row's message. Every row has a case and every case a row.
 */
class BadInputTableTest {
    static final Path TABLE = Path.of("..", "docs", "bad-input.md");
    static final int I = 3, H = 4, B = 2, T = 5, N = 10;

    @TempDir
    Path dir;

    record Row(String id, List<String> parts, int exit) {}

    /** The C rows of the table: id, the backquoted parts of the message column, the exit status. */
    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        Pattern quoted = Pattern.compile("`([^`]+)`");
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("| C")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            String id = cells[0].substring(2).trim();
            String message = cells[cells.length - 2];
            int exit = Integer.parseInt(cells[cells.length - 1].replace("|", "").trim());
            List<String> parts = new ArrayList<>();
            Matcher m = quoted.matcher(message);
            while (m.find()) {
                parts.add(m.group(1));
            }
            assertFalse(parts.isEmpty(), "row " + id + " quotes no message part: " + line);
            rows.add(new Row(id, parts, exit));
        }
        return rows;
    }

    interface Case {
        String[] args(Path dir) throws IOException;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandLineRow() throws IOException {
        Map<String, Case> cases = cases();
        List<Row> rows = rows();
        assertEquals(cases.keySet(), rows.stream().map(Row::id).collect(java.util.stream.Collectors.toSet()),
                "the cases here and the C rows of " + TABLE + " must be the same");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.id() + " " + row.parts().getFirst(), () -> {
            Cli.Result r = Cli.run(cases.get(row.id()).args(dir));
            assertEquals(row.exit(), r.exit(), row.id() + ": " + r);
            String text;
            if (row.exit() == 0) {
                text = r.out() + r.err();
            } else {
                List<String> lines = r.errLines();
                assertEquals(row.exit() == Main.EXIT_USAGE ? 2 : 1, lines.size(), row.id() + ": " + r);
                text = lines.getFirst();
                assertTrue(text.startsWith("rnn: error: "), row.id() + ": " + r);
            }
            for (String part : row.parts()) {
                assertTrue(text.contains(part), row.id() + ": '" + part + "' not in: " + text);
            }
        }));
    }

    @Test
    void labeledTextsRefuseLabelsOtherThanZeroAndOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledTexts(List.of("good", "bad"), new int[] {1, 2}, "test"));
        assertTrue(e.getMessage().startsWith("labels[1] = 2 is not 0 or 1"), e.getMessage());
    }

    @Test
    void sentimentModelSaveTakesNullAsNoExtraMetadataAndRefusesKeysItWritesItself() throws IOException {
        Encoder encoder = new Encoder(Tokenizer.defaults(),
                Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "good", "bad")), 10);
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(4, 3, 0),
                new RnnSpec(CellType.GRU, 3, H, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(2));
        List<String> texts = List.of("good good", "bad", "good bad film");
        Path p = dir.resolve("null-meta.safetensors");
        try (Backend backend = Backends.create("reference");
             SentimentModel m = new SentimentModel(encoder, SequenceModel.create(backend, spec).initialize(3))) {
            m.save(p, null);
            Map<String, String> meta = new java.util.HashMap<>(SafeTensors.read(p).metadata());
            meta.remove("jrnn.crc32"); // the writer's checksum
            assertEquals(java.util.Set.of("jrnn.sentiment.tokenizer", "jrnn.sentiment.vocabulary",
                    "jrnn.sentiment.max_len", org.jrnn.nn.ModelWeights.SPEC_KEY), meta.keySet(), meta.toString());
            try (SentimentModel back = SentimentModel.read(backend, p)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(m.probabilities(texts), back.probabilities(texts));
            }

            var reserved = assertThrows(IllegalArgumentException.class,
                    () -> m.save(dir.resolve("r.safetensors"), Map.of("jrnn.sentiment.vocabulary", "[]")));
            assertTrue(reserved.getMessage().startsWith(
                    "extra metadata key 'jrnn.sentiment.vocabulary' is written by save itself"), reserved.getMessage());
            var spec2 = assertThrows(IllegalArgumentException.class,
                    () -> m.save(dir.resolve("s.safetensors"), Map.of(org.jrnn.nn.ModelWeights.SPEC_KEY, "{}")));
            assertTrue(spec2.getMessage().contains("'" + org.jrnn.nn.ModelWeights.SPEC_KEY + "'"), spec2.getMessage());
            Map<String, String> withNull = new java.util.HashMap<>();
            withNull.put("note", null);
            var nul = assertThrows(IllegalArgumentException.class,
                    () -> m.save(dir.resolve("n.safetensors"), withNull));
            assertTrue(nul.getMessage().startsWith("extra metadata must not hold null keys or values, got note = null"),
                    nul.getMessage());
            assertFalse(Files.exists(dir.resolve("r.safetensors")) || Files.exists(dir.resolve("n.safetensors")),
                    "a refused save must write nothing");
        }
    }

    @Test
    void exampleConfigsCheckTheRangesOfTheirFlagsForApiCallers() {
        StockConfig c = StockConfig.classic(1);
        var window = assertThrows(IllegalArgumentException.class, () -> new StockConfig(c.target(), 0, c.hidden(),
                c.layers(), false, c.dropout(), c.lr(), c.batch(), c.epochs(), c.patience(), c.clipNorm(), 1,
                c.trainFraction(), c.validationFraction(), 0));
        assertEquals("--window must be at least 1, got 0", window.getMessage());
        var dropout = assertThrows(IllegalArgumentException.class, () -> new StockConfig(c.target(), c.window(),
                c.hidden(), c.layers(), false, 1.5f, c.lr(), c.batch(), c.epochs(), c.patience(), c.clipNorm(), 1,
                c.trainFraction(), c.validationFraction(), 0));
        assertEquals("--dropout must be in [0, 1), got 1.5", dropout.getMessage());
        var clip = assertThrows(IllegalArgumentException.class, () -> new StockConfig(c.target(), c.window(),
                c.hidden(), c.layers(), false, c.dropout(), c.lr(), c.batch(), c.epochs(), c.patience(), 0f, 1,
                c.trainFraction(), c.validationFraction(), 0));
        assertEquals("--clip-norm must be finite and > 0 (NaN: none), got 0.0", clip.getMessage());
        var lr = assertThrows(IllegalArgumentException.class, () -> new StockConfig(c.target(), c.window(),
                c.hidden(), c.layers(), false, c.dropout(), Float.POSITIVE_INFINITY, c.batch(), c.epochs(),
                c.patience(), c.clipNorm(), 1, c.trainFraction(), c.validationFraction(), 0));
        assertEquals("--lr must be finite and > 0, got Infinity", lr.getMessage());

        SentimentConfig s = SentimentConfig.defaults(1);
        var sclip = assertThrows(IllegalArgumentException.class, () -> new SentimentConfig(s.vocabSize(),
                s.minFreq(), s.maxLen(), s.embedding(), s.cell(), s.hidden(), s.layers(), false, s.dropout(),
                s.pool(), s.epochs(), s.batch(), s.lr(), -1f, s.patience(), 1));
        assertEquals("--clip-norm must be finite and > 0 (NaN: none), got -1.0", sclip.getMessage());
        var vocab = assertThrows(IllegalArgumentException.class, () -> new SentimentConfig(2, s.minFreq(),
                s.maxLen(), s.embedding(), s.cell(), s.hidden(), s.layers(), false, s.dropout(), s.pool(), s.epochs(),
                s.batch(), s.lr(), s.clipNorm(), s.patience(), 1));
        assertTrue(vocab.getMessage().startsWith("--vocab-size must be at least 3"), vocab.getMessage());
        var patience = assertThrows(IllegalArgumentException.class, () -> new SentimentConfig(s.vocabSize(),
                s.minFreq(), s.maxLen(), s.embedding(), s.cell(), s.hidden(), s.layers(), false, s.dropout(),
                s.pool(), s.epochs(), s.batch(), s.lr(), s.clipNorm(), 0, 1));
        assertEquals("--patience must be at least 1, got 0", patience.getMessage());
    }

    // ------------------------------------------------------------------ the cases

    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        // forward and backward
        c.put("C1", d -> forward(d, weights(d), empty(d, "x.safetensors")));
        c.put("C2", d -> forward(d, weights(d), d.resolve("missing.safetensors").toString()));
        c.put("C3", d -> forward(d, weights(d), input(d, Map.of("input", f32(rand(B * T * (I + 1)), B, T, I + 1)))));
        c.put("C4", d -> forward(d, weights(d), input(d, Map.of("input", f32(rand(B * T), B, T)))));
        c.put("C5", d -> forward(d, weights(d), input(d, Map.of("input", f32(new float[0], 0, T, I)))));
        c.put("C6", d -> forward(d, weights(d), input(d, Map.of("input", f32(new float[0], B, 0, I)))));
        c.put("C7", d -> forward(d, weights(d), input(d, withInput("h0", f32(rand(2 * B * H), 2, B, H)))));
        c.put("C8", d -> new String[] {"forward", "--cell", "gru", "-w", write(d, "w.safetensors",
                TestData.stateDict(new RnnSpec(CellType.GRU, I, H, 1, false, true, 0f), rand(3 * H * (I + H + 2)))),
                "-x", input(d, withInput("c0", f32(rand(B * H), 1, B, H))), "-o", out(d)});
        c.put("C9", d -> forward(d, weights(d), input(d, withInput("lengths", i64(new long[] {5, 6}, B)))));
        c.put("C10", d -> forward(d, weights(d), input(d, withInput("lengths", i64(new long[] {-1, 5}, B)))));
        c.put("C11", d -> forward(d, weights(d), input(d, withInput("lengths", i64(new long[] {0, 0}, B)))));
        c.put("C12", d -> forward(d, weights(d),
                input(d, withInput("lengths", i64(new long[] {(1L << 32) + 3, 5}, B)))));
        c.put("C13", d -> forward(d, weights(d), input(d, withInput("lengths", f32(new float[] {3, 5}, B)))));
        c.put("C14", d -> forward(d, weights(d), input(d, Map.of("input",
                SafeTensors.Tensor.f64(new double[B * T * I], B, T, I)))));
        c.put("C15", d -> forward(d, weights(d), input(d, Map.of("input", f32(bad(B * T * I, 26, Float.NaN), B, T, I)))));
        c.put("C16", d -> forward(d, weights(d),
                input(d, withInput("h0", f32(bad(B * H, 7, Float.POSITIVE_INFINITY), 1, B, H)))));
        c.put("C17", d -> {
            Map<String, SafeTensors.Tensor> w = lstmWeights();
            w.put("weight_hh_l0", f32(bad(4 * H * H, 6, Float.NaN), 4 * H, H));
            return forward(d, write(d, "w.safetensors", w), input(d, withInput()));
        });
        c.put("C18", d -> new String[] {"forward", "--cell", "gru", "-w", weights(d), "-x", input(d, withInput()),
                "-o", out(d)});
        c.put("C19", d -> new String[] {"forward", "--cell", "lstm", "--hidden", "5", "-w", weights(d),
                "-x", input(d, withInput()), "-o", out(d)});
        c.put("C20", d -> forward(d, write(d, "model.safetensors", modelTensors(H)), input(d, withInput())));
        c.put("C21", d -> new String[] {"forward", "--cell", "lstm", "--layers", "0", "-w", weights(d),
                "-x", input(d, withInput()), "-o", out(d)});
        c.put("C22", d -> new String[] {"backward", "--cell", "lstm", "-w", weights(d), "-x", input(d,
                withInput("grad_output", f32(bad(B * T * H, 17, Float.NaN), B, T, H))), "-o", out(d)});
        // train
        c.put("C23", d -> train(d, Map.of("input", f32(bad(N * T * I, (6 * T + 4) * I + 1, Float.NaN), N, T, I),
                "target", f32(rand(N * 2), N, 2))));
        c.put("C24", d -> train(d, Map.of("input", f32(rand(N * T * I), N, T, I),
                "target", f32(bad(N * 2, 7, Float.POSITIVE_INFINITY), N, 2))));
        c.put("C25", d -> {
            long[] len = new long[N];
            java.util.Arrays.fill(len, T);
            len[0] = 0;
            return train(d, Map.of("input", f32(rand(N * T * I), N, T, I), "lengths", i64(len, N),
                    "target", f32(rand(N * 2), N, 2)));
        });
        c.put("C26", d -> train(d, Map.of("input", f32(new float[0], 0, T, I), "target", f32(new float[0], 0, 2))));
        c.put("C27", d -> trainTokens(d, tokens(2 * T + 3, 9)));
        c.put("C28", d -> trainTokens(d, tokens(4, (1L << 31) + 5)));
        c.put("C29", d -> trainTokens(d, tokens(T, -2)));
        c.put("C30", d -> {
            long[] y = new long[N];
            y[4] = 3;
            return train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T), "target", i64(y, N)),
                    TOKENS);
        });
        c.put("C31", d -> train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T),
                "target", f32(rand(N), N)), TOKENS));
        c.put("C32", d -> {
            String[] flags = FEATURES.clone();
            flags[java.util.Arrays.asList(flags).indexOf("--outputs") + 1] = "3";
            return train(d, "f.safetensors", featureData(), flags);
        });
        c.put("C33", d -> train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T),
                "target", f32(rand(N * 2), N, 2)), FEATURES));
        c.put("C34", d -> {
            String[] flags = FEATURES.clone();
            flags[java.util.Arrays.asList(flags).indexOf("--hidden") + 1] = "5";
            return append(train(d, "f.safetensors", featureData(), flags), "--init",
                    write(d, "init.safetensors", modelTensors(H)));
        });
        c.put("C35", d -> append(train(d, featureData()), "--init", weights(d)));
        c.put("C36", d -> {
            Map<String, SafeTensors.Tensor> m = modelTensors(H);
            m.put("head.bias", f32(new float[] {0f, Float.NaN}, 2));
            return append(train(d, featureData()), "--init", write(d, "init.safetensors", m));
        });
        c.put("C58", d -> train(d, Map.of("input", SafeTensors.Tensor.f64(new double[N * T * I], N, T, I),
                "target", f32(rand(N * 2), N, 2))));
        c.put("C59", d -> train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T, 1),
                "target", i64(classes(), N)), TOKENS));
        c.put("C60", d -> {
            long[] len = new long[N - 1];
            java.util.Arrays.fill(len, T);
            return train(d, Map.of("input", f32(rand(N * T * I), N, T, I), "lengths", i64(len, N - 1),
                    "target", f32(rand(N * 2), N, 2)));
        });
        c.put("C61", d -> train(d, Map.of("input", f32(rand(N * T * I), N, T, I),
                "target", f32(rand(N * T * 2), N, T, 2))));
        c.put("C62", d -> train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T),
                "target", i64(classes(), N, 1)), TOKENS));
        c.put("C63", d -> train(d, "t.safetensors", Map.of("tokens", i64(tokens(0, 0), N, T),
                "target", i64(new long[N], N)), without(TOKENS, "--quiet")));
        c.put("C64", d -> {
            float[] ones = new float[N];
            java.util.Arrays.fill(ones, 1f);
            String[] flags = with(with(without(FEATURES, "--quiet"), "--loss", "bce"), "--outputs", "1");
            return train(d, "b.safetensors", Map.of("input", f32(rand(N * T * I), N, T, I), "target",
                    f32(ones, N, 1)), flags);
        });
        c.put("C65", d -> train(d, "f.safetensors", featureData(), with(FEATURES, "--lr", "0")));
        c.put("C66", d -> append(train(d, featureData()), "--dropout", "1"));
        c.put("C67", d -> train(d, "f.safetensors", featureData(), with(FEATURES, "--epochs", "0")));
        c.put("C68", d -> append(train(d, featureData()), "--clip-norm", "0"));
        // stock
        c.put("C37", d -> stock(d, ""));
        c.put("C38", d -> stock(d, HEADER + "\n"));
        c.put("C39", d -> stock(d, csv(200, 1, "null")));
        c.put("C40", d -> stock(d, csv(200, 1, "abc")));
        c.put("C41", d -> {
            List<String> lines = new ArrayList<>(csvLines(200));
            lines.set(2, "2020-01-02,1,1");
            return stock(d, String.join("\n", lines) + "\n");
        });
        c.put("C42", d -> stock(d, csv(200, 1, "1e999")));
        c.put("C43", d -> stock(d, csv(200, 1, "-5")));
        c.put("C44", d -> {
            List<String> lines = new ArrayList<>(csvLines(200));
            lines.set(2, lines.get(1));
            return stock(d, String.join("\n", lines) + "\n");
        });
        c.put("C45", d -> {
            List<String> lines = new ArrayList<>(csvLines(200));
            lines.set(3, lines.get(3).replaceFirst("^[^,]+", "2020-13-45"));
            return stock(d, String.join("\n", lines) + "\n");
        });
        c.put("C46", d -> {
            byte[] bytes = csv(200, -1, null).getBytes(StandardCharsets.US_ASCII);
            bytes[128] = (byte) 0xFF;
            Path p = d.resolve("prices.csv");
            Files.write(p, bytes);
            return new String[] {"stock", "--csv", p.toString(), "--quiet"};
        });
        c.put("C47", d -> stock(d, String.join("\n", csvLines(12)) + "\n"));
        c.put("C48", d -> append(stock(d, csv(200, -1, null)), "--column", "Nope"));
        c.put("C49", d -> {
            List<String> lines = new ArrayList<>(csvLines(120));
            String second = lines.get(2);
            lines.set(2, lines.get(1));
            lines.set(1, second);
            String[] quiet = stock(d, String.join("\n", lines) + "\n");
            return new String[] {"stock", "--csv", quiet[2], "--epochs", "1", "--hidden", "4", "--window", "5"};
        });
        c.put("C69", d -> builtInStock("--window", "0"));
        c.put("C70", d -> builtInStock("--epochs", "0"));
        c.put("C71", d -> append(stock(d, csv(200, -1, null)), "--batch", "0"));
        c.put("C72", d -> builtInStock("--hidden", "0"));
        c.put("C73", d -> builtInStock("--lr", "-0.01"));
        c.put("C74", d -> builtInStock("--dropout", "1.5"));
        c.put("C75", d -> builtInStock("--clip-norm", "0"));
        c.put("C76", d -> builtInStock("--horizon", "-1"));
        c.put("C77", d -> builtInStock("--threads", "0"));
        c.put("C78", d -> builtInStock("--days", "1"));
        // sentiment
        c.put("C50", d -> sentiment(d, "good film\t1\nbad film\t0\n\t1\n"));
        c.put("C51", d -> sentiment(d, "good film\t1\nbad film\t2\n"));
        c.put("C52", d -> sentiment(d, "good film\t1\nno tab here\n"));
        c.put("C53", d -> {
            Path p = d.resolve("train.tsv");
            byte[] first = "good film\t1\n".getBytes(StandardCharsets.US_ASCII);
            byte[] second = "\u00e9t\u00e9 ok\t0\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[first.length + second.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(second, 0, all, first.length, second.length);
            Files.write(p, all);
            return new String[] {"sentiment", "--train", p.toString(), "--test", testTexts(d), "--quiet"};
        });
        c.put("C54", d -> sentiment(d, "\nfine\t1\n"));
        c.put("C55", d -> new String[] {"sentiment", "--model", weights(d), "--predict", "good"});
        c.put("C56", d -> {
            Path p = d.resolve("sentiment.safetensors");
            Encoder encoder = new Encoder(Tokenizer.defaults(), Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "good", "bad")), 10);
            ModelSpec spec = new ModelSpec(new EmbeddingSpec(9, 3, 0),
                    new RnnSpec(CellType.LSTM, 3, H, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(2));
            try (Backend backend = Backends.create("reference");
                 SequenceModel network = SequenceModel.create(backend, spec).initialize(1)) {
                new SentimentModel(encoder, network).save(p, Map.of());
            }
            return new String[] {"sentiment", "--model", p.toString(), "--predict", "good"};
        });
        c.put("C57", d -> append(sentiment(d, "good film\t1\n"), "--encoding", "FOO"));
        c.put("C79", d -> append(sentiment(d, "good film\t1\n"), "--epochs", "0"));
        c.put("C80", d -> append(sentiment(d, "good film\t1\n"), "--lr", "0"));
        c.put("C81", d -> append(sentiment(d, "good film\t1\n"), "--dropout", "1"));
        c.put("C82", d -> append(sentiment(d, "good film\t1\n"), "--batch", "-4"));
        c.put("C83", d -> append(sentiment(d, "good film\t1\n"), "--max-len", "0"));
        c.put("C84", d -> append(sentiment(d, "good film\t1\n"), "--vocab-size", "2"));
        return c;
    }

    // ------------------------------------------------------------------ forward and backward files

    private static final Random RND = new Random(5);

    private static float[] rand(int n) {
        return TestData.random(RND, n, 1f);
    }

    /** Random values with {@code value} at flat index {@code at}. */
    private static float[] bad(int n, int at, float value) {
        float[] a = rand(n);
        a[at] = value;
        return a;
    }

    private static SafeTensors.Tensor f32(float[] data, long... shape) {
        return SafeTensors.Tensor.f32(data, shape);
    }

    private static SafeTensors.Tensor i64(long[] data, long... shape) {
        return SafeTensors.Tensor.i64(data, shape);
    }

    private static Map<String, SafeTensors.Tensor> lstmWeights() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, I, H, 1, false, true, 0f);
        return TestData.stateDict(spec, rand(spec.parameterLayout().size()));
    }

    private static String weights(Path d) throws IOException {
        return write(d, "w.safetensors", lstmWeights());
    }

    /** A good input [B, T, I] and the given extra tensors. */
    private static Map<String, SafeTensors.Tensor> withInput(Object... nameTensor) {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        m.put("input", f32(rand(B * T * I), B, T, I));
        for (int i = 0; i < nameTensor.length; i += 2) {
            m.put((String) nameTensor[i], (SafeTensors.Tensor) nameTensor[i + 1]);
        }
        return m;
    }

    private static String input(Path d, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        return write(d, "x.safetensors", tensors);
    }

    private static String empty(Path d, String name) throws IOException {
        Path p = d.resolve(name);
        Files.write(p, new byte[0]);
        return p.toString();
    }

    private static String out(Path d) {
        return d.resolve("y.safetensors").toString();
    }

    private static String[] forward(Path d, String w, String x) {
        return new String[] {"forward", "--cell", "lstm", "-w", w, "-x", x, "-o", out(d)};
    }

    private static String write(Path d, String name, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        Path p = d.resolve(name);
        SafeTensors.write(p, tensors, Map.of());
        return p.toString();
    }

    /** The parameters of a train model (lstm H → readout last → 2 outputs), as rnn train writes them. */
    private static Map<String, SafeTensors.Tensor> modelTensors(int hidden) {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        m.put("rnn.weight_ih_l0", f32(rand(4 * hidden * I), 4 * hidden, I));
        m.put("rnn.weight_hh_l0", f32(rand(4 * hidden * hidden), 4 * hidden, hidden));
        m.put("rnn.bias_ih_l0", f32(rand(4 * hidden), 4 * hidden));
        m.put("rnn.bias_hh_l0", f32(rand(4 * hidden), 4 * hidden));
        m.put("head.weight", f32(rand(2 * hidden), 2, hidden));
        m.put("head.bias", f32(rand(2), 2));
        return m;
    }

    // ------------------------------------------------------------------ train files

    static final String[] FEATURES = {"--cell", "lstm", "--hidden", "4", "--readout", "last", "--outputs", "2",
            "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--batch", "4", "--epochs", "1", "--quiet"};
    static final String[] TOKENS = {"--cell", "gru", "--hidden", "4", "--embedding", "3", "--vocab", "7",
            "--readout", "last", "--outputs", "3", "--loss", "ce", "--optimizer", "sgd", "--lr", "0.1",
            "--batch", "4", "--epochs", "1", "--quiet"};

    private static Map<String, SafeTensors.Tensor> featureData() {
        return Map.of("input", f32(rand(N * T * I), N, T, I), "target", f32(rand(N * 2), N, 2));
    }

    /** Token ids [N, T] in [0, 7) with {@code value} at flat index {@code at}. */
    private static long[] tokens(int at, long value) {
        long[] t = new long[N * T];
        for (int i = 0; i < t.length; i++) {
            t[i] = RND.nextInt(7);
        }
        t[at] = value;
        return t;
    }

    private static String[] train(Path d, Map<String, SafeTensors.Tensor> data) throws IOException {
        return train(d, "f.safetensors", data, FEATURES);
    }

    private static String[] trainTokens(Path d, long[] tokens) throws IOException {
        return train(d, "t.safetensors", Map.of("tokens", i64(tokens, N, T), "target", i64(new long[N], N)), TOKENS);
    }

    private static String[] train(Path d, String name, Map<String, SafeTensors.Tensor> data, String[] flags)
            throws IOException {
        List<String> a = new ArrayList<>(List.of("train", "--data", write(d, name, data), "--out",
                d.resolve("trained.safetensors").toString()));
        a.addAll(List.of(flags));
        return a.toArray(String[]::new);
    }

    /** {@code args} with the value after {@code flag} replaced. */
    private static String[] with(String[] args, String flag, String value) {
        String[] a = args.clone();
        int at = java.util.Arrays.asList(a).indexOf(flag);
        assertTrue(at >= 0, flag + " not in the flags");
        a[at + 1] = value;
        return a;
    }

    private static String[] without(String[] args, String flag) {
        return java.util.Arrays.stream(args).filter(a -> !a.equals(flag)).toArray(String[]::new);
    }

    /** Class ids [N] holding both classes 0 and 1 of {@link #TOKENS}' three. */
    private static long[] classes() {
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    private static String[] builtInStock(String... more) {
        return append(new String[] {"stock", "--quiet"}, more);
    }

    private static String[] append(String[] args, String... more) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    // ------------------------------------------------------------------ stock and sentiment files

    static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";

    /** The header and {@code days} business days from 2020-01-01 of a mean-reverting price. */
    private static List<String> csvLines(int days) {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        java.time.LocalDate date = java.time.LocalDate.of(2020, 1, 1);
        Random rnd = new Random(3);
        double p = 100;
        while (lines.size() <= days) {
            if (date.getDayOfWeek().getValue() <= 5) {
                p = 100 + 0.9 * (p - 100) + rnd.nextGaussian();
                String v = String.format(java.util.Locale.ROOT, "%.2f", p);
                lines.add(date + "," + v + "," + v + "," + v + "," + v + "," + v + ",1000");
            }
            date = date.plusDays(1);
        }
        return lines;
    }

    /** {@link #csvLines} with the Close of line {@code row + 1} (row 1: the first day, line 2) replaced. */
    private static String csv(int days, int row, String close) {
        List<String> lines = new ArrayList<>(csvLines(days));
        if (row >= 0) {
            String[] f = lines.get(row + 1).split(",", -1);
            f[4] = close;
            lines.set(row + 1, String.join(",", f));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String[] stock(Path d, String content) throws IOException {
        Path p = d.resolve("prices.csv");
        Files.writeString(p, content);
        return new String[] {"stock", "--csv", p.toString(), "--quiet"};
    }

    private static String testTexts(Path d) throws IOException {
        Path p = d.resolve("test.tsv");
        Files.writeString(p, "good film\t1\nbad film\t0\n");
        return p.toString();
    }

    private static String[] sentiment(Path d, String train) throws IOException {
        Path p = d.resolve("train.tsv");
        Files.writeString(p, train);
        return new String[] {"sentiment", "--train", p.toString(), "--test", testTexts(d), "--quiet"};
    }
}
