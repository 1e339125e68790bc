package org.jrnn.examples.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@code rnn sentiment} reads; see {@link TextReaders}. */
public enum TextFormat {
    /** {@code text<TAB>label} per line, labels 0/1, no header; split on the last tab. */
    TSV,
    /** GLUE SST-2: a header row naming the text and label columns, then tab-separated rows. */
    SST2,
    /** RFC 4180 CSV with a header naming the text and label columns. */
    CSV,
    /** One text per line; each file's label from {@code --label-of-file}. */
    LINES,
    /** A folder with {@code pos/} and {@code neg/}, one review per file. */
    IMDB;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format a path has by its layout or extension: a folder with pos/ and neg/ is imdb, .csv is csv, .tsv is
     * sst2 when its first line is a header (no 0/1 label after its last tab), else tsv; .txt is lines.
     */
    public static TextFormat guess(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            if (Files.isDirectory(p.resolve("pos")) && Files.isDirectory(p.resolve("neg"))) {
                return IMDB;
            }
            throw new IllegalArgumentException(p + " is a folder without pos/ and neg/ subfolders (the imdb layout)");
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".txt")) {
            return LINES;
        }
        if (name.endsWith(".tsv")) {
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String first = r.readLine();
                if (first == null) {
                    return TSV;
                }
                String label = first.substring(first.lastIndexOf('\t') + 1).trim();
                return label.equals("0") || label.equals("1") ? TSV : SST2;
            } catch (java.nio.charset.MalformedInputException e) {
                return TSV;
            }
        }
        throw new IllegalArgumentException("cannot tell the format of " + p
                + " from its name (.tsv, .csv, .txt or a folder with pos/ and neg/): give --format");
    }
}
