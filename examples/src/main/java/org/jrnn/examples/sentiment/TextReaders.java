package org.jrnn.examples.sentiment;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labeled texts in the {@link TextFormat}s. Every problem is an {@link IllegalArgumentException} naming the
 * file and line (or record, or byte offset): a line without a tab, a missing label, a label other than 0 or 1, an
 * empty text, bytes that are not valid in the encoding. Nothing is skipped silently. In the tab formats quotes are
 * part of the text.
 */
public final class TextReaders {
    static final List<String> TEXT_COLUMNS = List.of("sentence", "text", "review", "content", "phrase");
    static final List<String> LABEL_COLUMNS = List.of("label", "sentiment", "polarity", "class");
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);

    private TextReaders() {}

    /**
     * Reads {@code paths} (several only for lines) in {@code format}.
     *
     * @param labelOfFile for lines: label per file, keyed by the path as given or by the file name
     */
    public static LabeledTexts read(TextFormat format, List<Path> paths, Charset charset,
                                    Map<String, Integer> labelOfFile) throws IOException {
        if (format != TextFormat.LINES && paths.size() != 1) {
            throw new IllegalArgumentException("format " + format.id() + " reads one file or folder per option, got "
                    + paths.size() + ": " + paths);
        }
        return switch (format) {
            case TSV -> tsv(paths.getFirst(), charset);
            case SST2 -> sst2(paths.getFirst(), charset);
            case CSV -> csv(paths.getFirst(), charset);
            case LINES -> lines(paths, charset, labelOfFile);
            case IMDB -> imdb(paths.getFirst(), charset);
        };
    }

    /** {@code text<TAB>label} lines. */
    public static LabeledTexts tsv(Path file, Charset charset) throws IOException {
        List<String> lines = lines(file, charset);
        List<String> texts = new ArrayList<>(lines.size());
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(where(file, i + 1) + "no tab: expected text<TAB>label");
            }
            texts.add(text(line.substring(0, tab), file, i + 1));
            labels[i] = label(line.substring(tab + 1), file, i + 1);
        }
        return new LabeledTexts(texts, labels, file.getFileName().toString());
    }

    /** A header row, then tab-separated rows; the text and label columns found by their header names. */
    public static LabeledTexts sst2(Path file, Charset charset) throws IOException {
        List<String> lines = lines(file, charset);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, expected a header row (sentence<TAB>label)");
        }
        String[] header = lines.getFirst().split("\t", -1);
        int textColumn = column(header, TEXT_COLUMNS, "text", file);
        int labelColumn = column(header, LABEL_COLUMNS, "label", file);
        List<String> texts = new ArrayList<>(lines.size() - 1);
        int[] labels = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = fields(lines.get(i), header.length, textColumn);
            if (f == null) {
                throw new IllegalArgumentException(where(file, i + 1) + (lines.get(i).indexOf('\t') < 0
                        ? "no tab" : "wrong number of fields") + ": expected " + header.length
                        + " tab-separated fields as in the header");
            }
            texts.add(text(f[textColumn], file, i + 1));
            labels[i - 1] = label(f[labelColumn], file, i + 1);
        }
        return new LabeledTexts(texts, labels, file.getFileName().toString());
    }

    /**
     * The fields of a row of a file with {@code n} columns, or null when it has too few. With two columns the split
     * is at the tab farthest from the text column, so a tab inside the text stays in it.
     */
    private static String[] fields(String line, int n, int textColumn) {
        if (n == 2) {
            int tab = textColumn == 0 ? line.lastIndexOf('\t') : line.indexOf('\t');
            return tab < 0 ? null : new String[] {line.substring(0, tab), line.substring(tab + 1)};
        }
        String[] f = line.split("\t", -1);
        return f.length == n ? f : null;
    }

    /** RFC 4180 CSV with a header row. */
    public static LabeledTexts csv(Path file, Charset charset) throws IOException {
        String content = decode(file, charset);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Reader r = new StringReader(content); CSVParser parser = open(r, format, file)) {
            String[] header = parser.getHeaderNames().toArray(String[]::new);
            int textColumn = column(header, TEXT_COLUMNS, "text", file);
            int labelColumn = column(header, LABEL_COLUMNS, "label", file);
            long line = parser.getCurrentLineNumber() + 1;
            for (CSVRecord rec : parser) {
                String at = file + ":" + line + ": ";
                if (rec.size() <= Math.max(textColumn, labelColumn)) {
                    throw new IllegalArgumentException(at + (rec.size() <= labelColumn ? "missing label" : "missing text")
                            + ": expected " + header.length + " fields as in the header, got " + rec.size());
                }
                texts.add(text(rec.get(textColumn), file, line));
                labels.add(label(rec.get(labelColumn), file, line));
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not valid CSV: " + e.getCause().getMessage(), e);
        }
        return new LabeledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray(),
                file.getFileName().toString());
    }

    /** The parser, which reads the header row at once: its errors (a missing or repeated name …) name the file. */
    private static CSVParser open(Reader r, CSVFormat format, Path file) {
        try {
            return CSVParser.parse(r, format);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not valid CSV with a header row: " + e.getMessage(), e);
        }
    }

    /** One text per line, each file's label from {@code labelOfFile}. */
    public static LabeledTexts lines(List<Path> files, Charset charset, Map<String, Integer> labelOfFile)
            throws IOException {
        LabeledTexts all = null;
        for (Path file : files) {
            Integer label = labelOfFile.get(file.toString());
            if (label == null) {
                label = labelOfFile.get(file.getFileName().toString());
            }
            if (label == null) {
                throw new IllegalArgumentException(file + ": no label for this file: give --label-of-file "
                        + file.getFileName() + "=1 (or =0)");
            }
            List<String> lines = lines(file, charset);
            List<String> texts = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                texts.add(text(lines.get(i), file, i + 1));
            }
            int[] labels = new int[texts.size()];
            java.util.Arrays.fill(labels, label);
            LabeledTexts part = new LabeledTexts(texts, labels, file.getFileName().toString());
            all = all == null ? part : all.concat(part);
        }
        if (all == null) {
            throw new IllegalArgumentException("no files given for format lines");
        }
        return all;
    }

    /** A folder with pos/ and neg/, one review per file (in name order), HTML line breaks made spaces. */
    public static LabeledTexts imdb(Path folder, Charset charset) throws IOException {
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String sub : List.of("pos", "neg")) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(folder + ": no " + sub + "/ folder (the imdb layout has pos/ and neg/)");
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String review = BREAK.matcher(decode(f, charset)).replaceAll(" ").strip();
                texts.add(text(review, f, 1));
                labels.add(sub.equals("pos") ? 1 : 0);
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(folder + ": pos/ and neg/ hold no files");
        }
        return new LabeledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray(),
                folder.getFileName().toString());
    }

    /** The file decoded strictly; malformed or unmappable input is an error naming the byte offset. */
    static String decode(Path file, Charset charset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder d = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) Math.ceil(bytes.length * (double) d.maxCharsPerByte()) + 16));
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw new IllegalArgumentException(file + ": " + (r.isMalformed() ? "malformed" : "unmappable") + " "
                    + charset.name() + " input at byte offset " + in.position() + " (" + r.length() + " byte"
                    + (r.length() == 1 ? "" : "s") + ", line " + lineAt(bytes, in.position())
                    + "); give --encoding if the file is not " + charset.name());
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static long lineAt(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    /** The lines of a decoded file; a final line break does not start another line. */
    static List<String> lines(Path file, Charset charset) throws IOException {
        return decode(file, charset).lines().toList();
    }

    private static int column(String[] header, List<String> names, String what, Path file) {
        int found = -1;
        for (int i = 0; i < header.length; i++) {
            if (names.contains(header[i].strip().toLowerCase(Locale.ROOT))) {
                if (found >= 0) {
                    throw new IllegalArgumentException(file + ": header has two " + what + " columns, '"
                            + header[found].strip() + "' and '" + header[i].strip() + "': keep one");
                }
                found = i;
            }
        }
        if (found < 0) {
            String shown = String.join(",", header).strip();
            throw new IllegalArgumentException(file + ": " + (shown.isEmpty() ? "the header (line 1) is empty and"
                    : "header '" + shown + "'") + " has no " + what + " column (one of " + names + ")");
        }
        return found;
    }

    private static String where(Path file, long line) {
        return file + ":" + line + ": ";
    }

    private static String text(String t, Path file, long line) {
        if (t.isBlank()) {
            throw new IllegalArgumentException(where(file, line) + "empty text");
        }
        return t;
    }

    private static int label(String s, Path file, long line) {
        String l = s.strip();
        if (l.isEmpty()) {
            throw new IllegalArgumentException(where(file, line) + "missing label: expected 0 or 1");
        }
        if (l.equals("0") || l.equals("1")) {
            return l.charAt(0) - '0';
        }
        throw new IllegalArgumentException(where(file, line) + "label '" + l + "' is not 0 or 1");
    }

    /** For --predict-file: one text per line, strictly decoded; blank lines are errors. */
    public static List<String> texts(Path file, Charset charset) throws IOException {
        List<String> lines = lines(file, charset);
        for (int i = 0; i < lines.size(); i++) {
            text(lines.get(i), file, i + 1);
        }
        return lines;
    }
}
