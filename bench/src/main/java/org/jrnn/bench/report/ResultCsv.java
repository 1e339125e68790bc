package org.jrnn.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads and writes {@link ResultRow}s as CSV; columns are found by header name, so their order may vary. */
public final class ResultCsv {
    public static final List<String> COLUMNS = List.of("kind", "shape", "dims", "cell", "backend", "unit", "median",
            "error", "p99", "samples", "gflops", "peak_fraction", "vs_baseline", "status", "note");

    private ResultCsv() {}

    public static void write(Path file, List<ResultRow> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", COLUMNS));
        for (ResultRow r : rows) {
            lines.add(String.join(",", r.kind(), r.shape(), r.dims(), r.cell(), r.backend(), r.unit(), num(r.median()),
                    num(r.error()), num(r.p99()), Long.toString(r.samples()), num(r.gflops()), num(r.peakFraction()),
                    num(r.vsBaseline()), r.status(), Csv.quote(r.note())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads a result file; a missing column or a malformed number fails with the file, line and column. */
    public static List<ResultRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, expected a header line " + String.join(",", COLUMNS));
        }
        Map<String, Integer> at = new HashMap<>();
        List<String> header = Csv.split(lines.get(0).strip());
        for (int i = 0; i < header.size(); i++) {
            at.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        for (String c : List.of("kind", "shape", "dims", "cell", "backend", "unit", "median")) {
            if (!at.containsKey(c)) {
                throw new IllegalArgumentException(file + ": no column '" + c + "' in header " + header);
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (!line.isEmpty()) {
                rows.add(parse(file, n + 1, Csv.split(line), at));
            }
        }
        return rows;
    }

    private static ResultRow parse(Path file, int lineNo, List<String> f, Map<String, Integer> at) {
        Field get = name -> {
            Integer i = at.get(name);
            return i == null || i >= f.size() ? "" : f.get(i).trim();
        };
        try {
            String status = get.of("status");
            double median = dbl(get.of("median"));
            return new ResultRow(get.of("kind"), get.of("shape"), get.of("dims"), get.of("cell"), get.of("backend"),
                    get.of("unit"), median, dbl(get.of("error")), dbl(get.of("p99")),
                    get.of("samples").isEmpty() ? 0 : Long.parseLong(get.of("samples")), dbl(get.of("gflops")),
                    dbl(get.of("peak_fraction")), dbl(get.of("vs_baseline")),
                    status.isEmpty() ? (Double.isNaN(median) ? ResultRow.FAILED : ResultRow.OK) : status,
                    get.of("note"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + lineNo + ": not a number (" + e.getMessage() + ")");
        }
    }

    private interface Field {
        String of(String name);
    }

    private static double dbl(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
