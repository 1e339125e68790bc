package org.jrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrnn.CellType;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.data.RandomSplit;
import org.jrnn.data.Splits;
import org.jrnn.examples.ExampleOptions;
import org.jrnn.examples.sentiment.LabeledTexts;
import org.jrnn.examples.sentiment.ReviewGenerator;
import org.jrnn.examples.sentiment.SentimentConfig;
import org.jrnn.examples.sentiment.SentimentModel;
import org.jrnn.examples.sentiment.SentimentTask;
import org.jrnn.examples.sentiment.TextFormat;
import org.jrnn.examples.sentiment.TextReaders;
import org.jrnn.nn.Readout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rnn sentiment}: binary text classification with an LSTM (or GRU), next to a bag-of-words baseline. Without
 * files it trains on built-in reviews whose label depends on word order; {@code --train/--test} read real data;
 * {@code --model --predict} classifies texts with a saved model.
 */
@Command(name = "sentiment", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Binary sentiment classification: embedding, LSTM/GRU, readout, linear head, cross-entropy,"
                + " Adam, length-bucketed batches, early stopping on validation accuracy; a bag-of-words logistic"
                + " regression baseline on the same split. With no data options it trains on built-in reviews whose"
                + " label depends on negation, contrast and intensity.",
        footer = {"", "Formats: tsv (text<TAB>label, no header), sst2 (header sentence<TAB>label), csv (RFC 4180,"
                + " header text,label), lines (one text per line, --label-of-file), imdb (folder with pos/ and"
                + " neg/)."})
public final class SentimentCommand implements Callable<Integer> {
    static final int DEFAULT_SENTENCES = 12000;
    static final long DEFAULT_SEED = 7;

    @Option(names = "--train", paramLabel = "FILE", split = ",",
            description = "Training data (lines: several files, comma-separated).")
    List<Path> train;

    @Option(names = "--valid", paramLabel = "FILE", split = ",",
            description = "Validation data (default: a seeded 10%% of --train).")
    List<Path> valid;

    @Option(names = "--test", paramLabel = "FILE", split = ",", description = "Test data.")
    List<Path> test;

    @Option(names = "--format", paramLabel = "F",
            description = "tsv, sst2, csv, lines or imdb (default: guessed from the extension or layout).")
    String format;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "Encoding of the data files (default UTF-8).")
    String encoding;

    @Option(names = "--label-of-file", paramLabel = "FILE=LABEL", split = ",",
            description = "For lines: each file's label, e.g. pos.txt=1,neg.txt=0.")
    Map<String, String> labelOfFile;

    @Option(names = "--sentences", paramLabel = "N",
            description = "Built-in reviews to generate (default " + DEFAULT_SENTENCES + ": 70%% train, 10%% validation,"
                    + " 20%% test; with --write-data: training rows).")
    Integer sentences;

    @Option(names = "--write-data", paramLabel = "DIR",
            description = "Write built-in reviews as SST-2 files DIR/train.tsv (--sentences rows) and DIR/test.tsv"
                    + " (an eighth as many), then stop.")
    Path writeData;

    @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "20000",
            description = "Most vocabulary entries, <pad> and <unk> included (default 20000).")
    int vocabSize;

    @Option(names = "--min-freq", paramLabel = "N", defaultValue = "1",
            description = "Training occurrences a word needs to be in the vocabulary (default 1).")
    int minFreq;

    @Option(names = "--max-len", paramLabel = "N", defaultValue = "100",
            description = "Tokens kept per text (default 100).")
    int maxLen;

    @Option(names = "--embedding", paramLabel = "E", defaultValue = "64", description = "Embedding size (default 64).")
    int embedding;

    @Option(names = "--cell", paramLabel = "C", defaultValue = "lstm", description = "lstm or gru (default lstm).")
    String cell;

    @Option(names = "--pool", paramLabel = "P", defaultValue = "last",
            description = "What the head reads: last (valid step), mean or max over the steps (default last).")
    String pool;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Epochs without a better validation accuracy before stopping (default 3).")
    int patience;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the model with its vocabulary and tokenizer.")
    Path save;

    @Option(names = "--model", paramLabel = "FILE", description = "Load a saved model instead of training.")
    Path model;

    @Option(names = "--predict", paramLabel = "TEXT", description = "Classify this text (repeatable).")
    List<String> predict;

    @Option(names = "--predict-file", paramLabel = "FILE", description = "Classify each line of this file.")
    Path predictFile;

    @Mixin
    ExampleOptions options;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        checkFlags();
        Charset charset = charset();
        long seed = ExampleOptions.or(options.seed, DEFAULT_SEED);
        if (writeData != null) {
            writeData(out, seed);
            return 0;
        }
        boolean quiet = CommonOptions.quiet(spec.root().commandLine().getParseResult());
        options.applyThreads();
        List<String> texts = texts(charset);
        try (Backend backend = options.backend != null ? Backends.create(options.backend) : Backends.create()) {
            if (model != null) {
                try (SentimentModel m = SentimentModel.read(backend, model)) {
                    printPredictions(out, m, texts);
                }
                out.flush();
                return 0;
            }
            SentimentConfig config = config(seed);
            SentimentTask.Data data = data(charset, seed);
            out.printf(Locale.ROOT, "data: %s: train %d, validation %d, test %d texts%n", describe(data),
                    data.train().size(), data.validation().size(), data.test().size());
            out.flush();
            SentimentTask.Result r;
            try (ProgressListener progress = new ProgressListener(ProgressListener.Mode.detect(quiet), out,
                    config.epochs())) {
                r = SentimentTask.run(backend, data, config, List.of(progress));
            }
            try (SentimentModel m = r.model()) {
                SentimentReport.print(out, backend, config, data, r);
                if (options.json != null) {
                    SentimentReport.json(backend, config, data, r).write(options.json);
                }
                if (save != null) {
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("jrnn.sentiment.trained_on", describe(data));
                    m.save(save, meta);
                    out.println("saved " + save);
                }
                if (!texts.isEmpty()) {
                    printPredictions(out, m, texts);
                }
            }
        }
        out.flush();
        return 0;
    }

    private void checkFlags() {
        CommandLine cmd = spec.commandLine();
        options.check(cmd);
        if (vocabSize < 3) {
            throw usage("--vocab-size must be at least 3 (<pad> and <unk> are two of its entries), got " + vocabSize);
        }
        ExampleOptions.atLeast(cmd, "--min-freq", minFreq, 1);
        ExampleOptions.atLeast(cmd, "--max-len", maxLen, 1);
        ExampleOptions.atLeast(cmd, "--embedding", embedding, 1);
        ExampleOptions.atLeast(cmd, "--patience", patience, 1);
        boolean files = train != null || test != null || valid != null;
        if (model != null && (files || writeData != null || save != null)) {
            throw usage("--model classifies with a saved model; it cannot be combined with --train, --valid, --test,"
                    + " --write-data or --save");
        }
        if (model != null && predict == null && predictFile == null) {
            throw usage("--model needs texts to classify: give --predict TEXT or --predict-file FILE");
        }
        if (files && (train == null || test == null)) {
            throw usage("real data needs both --train and --test (--valid is optional)");
        }
        if (writeData != null && files) {
            throw usage("--write-data writes the built-in reviews; it cannot be combined with --train or --test");
        }
        if (files && sentences != null) {
            throw usage("--sentences sizes the built-in data; it cannot be combined with --train or --test");
        }
        if (sentences != null && sentences < 20) {
            throw usage("--sentences must be at least 20, got " + sentences);
        }
        if (labelOfFile != null && !"lines".equals(format) && !files) {
            throw usage("--label-of-file labels files of format lines given with --train and --test");
        }
    }

    private Charset charset() {
        try {
            return Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw usage("unknown --encoding '" + encoding + "'");
        }
    }

    private SentimentConfig config(long seed) {
        CellType cellType = switch (cell.toLowerCase(Locale.ROOT)) {
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            default -> throw usage("--cell must be lstm or gru, got '" + cell + "'");
        };
        Readout readout = switch (pool.toLowerCase(Locale.ROOT)) {
            case "last" -> Readout.LAST;
            case "mean" -> Readout.MEAN;
            case "max" -> Readout.MAX;
            default -> throw usage("--pool must be last, mean or max, got '" + pool + "'");
        };
        try {
            return new SentimentConfig(vocabSize, minFreq, maxLen, embedding, cellType,
                    ExampleOptions.or(options.hidden, 128), ExampleOptions.or(options.layers, 1),
                    options.bidirectional, ExampleOptions.or(options.dropout, 0f), readout,
                    ExampleOptions.or(options.epochs, 10), ExampleOptions.or(options.batch, 64),
                    ExampleOptions.or(options.lr, 0.001f), ExampleOptions.or(options.clipNorm, Float.NaN), patience,
                    seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private SentimentTask.Data data(Charset charset, long seed) throws IOException {
        if (train == null) {
            int n = sentences != null ? sentences : DEFAULT_SENTENCES;
            LabeledTexts all = LabeledTexts.of(ReviewGenerator.generate(n, seed), "built-in reviews (seed " + seed
                    + ")");
            RandomSplit s = Splits.random(n, 0.7, 0.1, seed);
            return new SentimentTask.Data(all.subset(s.train(), all.source()), all.subset(s.validation(),
                    all.source()), all.subset(s.test(), all.source()));
        }
        Map<String, Integer> labels = labels();
        LabeledTexts tr = read(train, charset, labels, "--train");
        LabeledTexts te = read(test, charset, labels, "--test");
        if (valid != null) {
            return new SentimentTask.Data(tr, read(valid, charset, labels, "--valid"), te);
        }
        if (tr.size() < 10) {
            throw new IllegalArgumentException("--train " + tr.source() + " has " + tr.size() + " texts; with no"
                    + " --valid at least 10 are needed to hold out a validation tenth");
        }
        RandomSplit s = Splits.random(tr.size(), 0.9, 0.1, seed);
        return new SentimentTask.Data(tr.subset(s.train(), tr.source() + " (90%)"),
                tr.subset(s.validation(), tr.source() + " (10%)"), te);
    }

    private LabeledTexts read(List<Path> paths, Charset charset, Map<String, Integer> labels, String flag)
            throws IOException {
        TextFormat f;
        if (format != null) {
            try {
                f = TextFormat.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw usage("--format must be tsv, sst2, csv, lines or imdb, got '" + format + "'");
            }
        } else {
            if (!Files.exists(paths.getFirst())) {
                throw new IllegalArgumentException(flag + ": file not found: " + paths.getFirst());
            }
            f = TextFormat.guess(paths.getFirst());
        }
        if (f != TextFormat.LINES && paths.size() > 1) {
            throw usage(flag + " names " + paths.size() + " files; only format lines reads several");
        }
        if (f == TextFormat.LINES && labelOfFile == null) {
            throw usage("format lines needs --label-of-file FILE=0|1 for each file");
        }
        return TextReaders.read(f, paths, charset, labels);
    }

    private Map<String, Integer> labels() {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (labelOfFile != null) {
            labelOfFile.forEach((file, label) -> {
                if (!label.equals("0") && !label.equals("1")) {
                    throw usage("--label-of-file " + file + "=" + label + ": the label must be 0 or 1");
                }
                m.put(file, Integer.parseInt(label));
            });
        }
        return m;
    }

    private List<String> texts(Charset charset) throws IOException {
        List<String> t = new ArrayList<>();
        if (predict != null) {
            for (String p : predict) {
                if (p.isBlank()) {
                    throw usage("--predict needs a non-empty text");
                }
                t.add(p);
            }
        }
        if (predictFile != null) {
            t.addAll(TextReaders.texts(predictFile, charset));
        }
        return t;
    }

    private void writeData(PrintWriter out, long seed) throws IOException {
        int n = sentences != null ? sentences : DEFAULT_SENTENCES;
        int testRows = Math.max(1, n / 8);
        Files.createDirectories(writeData);
        List<ReviewGenerator.Review> all = ReviewGenerator.generate(n + testRows, seed);
        write(writeData.resolve("train.tsv"), all.subList(0, n));
        write(writeData.resolve("test.tsv"), all.subList(n, n + testRows));
        out.printf(Locale.ROOT, "wrote %s (%d rows) and %s (%d rows), SST-2 format%n", writeData.resolve("train.tsv"),
                n, writeData.resolve("test.tsv"), testRows);
        out.flush();
    }

    private static void write(Path file, List<ReviewGenerator.Review> rows) throws IOException {
        StringBuilder sb = new StringBuilder("sentence\tlabel\n");
        for (ReviewGenerator.Review r : rows) {
            sb.append(r.text()).append('\t').append(r.label()).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private static void printPredictions(PrintWriter out, SentimentModel m, List<String> texts) {
        double[] p = m.probabilities(texts);
        out.println("label\tp_positive\ttext");
        for (int i = 0; i < p.length; i++) {
            out.printf(Locale.ROOT, "%s\t%.4f\t%s%n", p[i] >= 0.5 ? "positive" : "negative", p[i], texts.get(i));
        }
    }

    static String describe(SentimentTask.Data d) {
        String tr = d.train().source();
        return tr.equals(d.test().source()) ? tr : tr + " / " + d.validation().source() + " / " + d.test().source();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
