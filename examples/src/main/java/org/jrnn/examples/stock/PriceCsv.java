package org.jrnn.examples.stock;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads daily prices from a CSV file, Yahoo Finance's download by default
 * ({@code Date,Open,High,Low,Close,Adj Close,Volume}).
 *
 * <ul>
 *   <li>The first line is a header (column names, matched case-insensitively) unless all its fields are numbers; a
 *       file without a header has its columns called 1, 2, … and needs {@code --column N} unless it has one.</li>
 *   <li>A column called Date gives the dates, in a format chosen by {@link DateFormats}; without one, row order is
 *       time order. Rows out of date order are sorted, with a note; a date that appears twice is an error naming
 *       both lines.</li>
 *   <li>A row whose price is missing, {@code null} (Yahoo's mark for a day without trading), not a number, not finite
 *       or (for the target) not positive is an error that names its line; with {@code skipBadRows} such rows are
 *       left out and listed in a note. Blank lines are ignored.</li>
 * </ul>
 */
public final class PriceCsv {
    private PriceCsv() {}

    /**
     * @param column      the price to predict (a header name, or a 1-based column number)
     * @param features    the columns fed to the model (null: the price alone); must include {@code column}
     * @param dateFormat  a java.time pattern, or null to choose by {@link DateFormats}' rule
     * @param skipBadRows leave bad rows out (listed in a note) instead of failing
     */
    public record Options(String column, List<String> features, String dateFormat, boolean skipBadRows) {
        public static Options defaults() {
            return new Options("Close", null, null, false);
        }
    }

    private record Row(long line, String date, float[] values) {}

    private record BadRow(long line, String reason) {}

    public static PriceSeries read(Path file, Options o) throws IOException {
        String name = file.getFileName().toString();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();
        List<Row> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        List<String> columnNames;
        int dateIndex;
        int[] picked;
        int target;
        try (Reader reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> it = parser.iterator();
            CSVRecord first = null;
            long firstLine = 0;
            while (first == null) {
                long before = parser.getCurrentLineNumber();
                if (!it.hasNext()) {
                    throw new IllegalArgumentException(name + ": the file is empty (expected a header such as "
                            + "Date,Open,High,Low,Close,Adj Close,Volume and one row per day)");
                }
                CSVRecord r = it.next();
                if (!blank(r)) {
                    first = r;
                    firstLine = before + 1;
                }
            }
            List<String> header = new ArrayList<>(first.toList());
            boolean hasHeader = !allNumbers(header);
            if (!hasHeader) {
                header = new ArrayList<>();
                for (int i = 1; i <= first.size(); i++) {
                    header.add(Integer.toString(i));
                }
            }
            dateIndex = hasHeader ? indexOf(header, "Date") : -1;
            target = column(header, o.column(), hasHeader, name, "--column");
            List<String> featureNames = o.features() == null ? List.of(header.get(target)) : o.features();
            picked = new int[featureNames.size()];
            for (int i = 0; i < picked.length; i++) {
                picked[i] = column(header, featureNames.get(i), hasHeader, name, "--features");
                for (int j = 0; j < i; j++) {
                    if (picked[j] == picked[i]) {
                        throw new IllegalArgumentException("--features names column " + featureNames.get(i)
                                + " twice");
                    }
                }
            }
            int targetInPicked = -1;
            for (int i = 0; i < picked.length; i++) {
                if (picked[i] == target) {
                    targetInPicked = i;
                }
            }
            if (targetInPicked < 0) {
                throw new IllegalArgumentException("--features " + String.join(",", featureNames)
                        + " must include the predicted column " + header.get(target) + " (--column)");
            }
            columnNames = new ArrayList<>();
            for (int p : picked) {
                columnNames.add(header.get(p));
            }
            if (!hasHeader) {
                Row row = parse(first, firstLine, dateIndex, picked, target, columnNames, bad);
                if (row != null) {
                    rows.add(row);
                }
            }
            while (true) {
                long before = parser.getCurrentLineNumber();
                if (!it.hasNext()) {
                    break;
                }
                CSVRecord r = it.next();
                if (blank(r)) {
                    continue;
                }
                Row row = parse(r, before + 1, dateIndex, picked, target, columnNames, bad);
                if (row != null) {
                    rows.add(row);
                }
            }
            target = targetInPicked;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(file, name, e);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException c) {
                throw notUtf8(file, name, c);
            }
            throw new IllegalArgumentException(name + ": not a readable CSV file: " + describe(e.getCause()), e);
        }
        List<String> notes = new ArrayList<>();
        if (!bad.isEmpty()) {
            String list = describe(bad);
            if (!o.skipBadRows()) {
                throw new IllegalArgumentException(name + ": " + (bad.size() == 1 ? "1 bad row" : bad.size()
                        + " bad rows") + " (--skip-bad-rows leaves them out): " + list);
            }
            notes.add("skipped " + bad.size() + " bad row" + (bad.size() == 1 ? "" : "s") + ": " + list);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no data rows" + (bad.isEmpty() ? " after the header"
                    : " left after skipping the bad ones"));
        }
        LocalDate[] dates = null;
        if (dateIndex >= 0) {
            dates = dates(rows, o.dateFormat(), name, notes);
        } else {
            notes.add("no Date column: rows are taken in file order");
        }
        float[] values = new float[rows.size() * picked.length];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).values(), 0, values, i * picked.length, picked.length);
        }
        return new PriceSeries(dates, values, columnNames, target, name, notes);
    }

    /** Parses, sorts (rows follow their dates) and checks the dates for duplicates. */
    private static LocalDate[] dates(List<Row> rows, String pattern, String name, List<String> notes) {
        List<String> texts = rows.stream().map(Row::date).toList();
        List<Long> lines = rows.stream().map(Row::line).toList();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isEmpty()) {
                throw new IllegalArgumentException(name + ": line " + lines.get(i) + ": the Date is empty");
            }
        }
        DateFormats.Choice choice = pattern != null ? DateFormats.explicit(pattern)
                : DateFormats.detect(texts, lines, name);
        if (choice.note() != null) {
            notes.add(choice.note());
        }
        record Dated(LocalDate date, Row row) {}
        List<Dated> dated = new ArrayList<>();
        for (Row r : rows) {
            try {
                dated.add(new Dated(choice.parse(r.date()), r));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(name + ": line " + r.line() + ": date '" + r.date()
                        + "' does not match " + choice.pattern() + (pattern != null ? " (--date-format)" : ""), e);
            }
        }
        boolean sorted = true;
        for (int i = 1; i < dated.size(); i++) {
            if (dated.get(i).date().compareTo(dated.get(i - 1).date()) <= 0) {
                sorted = false;
                break;
            }
        }
        if (!sorted) {
            dated.sort(Comparator.comparing(Dated::date));   // stable: equal dates stay in file order
            for (int i = 1; i < dated.size(); i++) {
                if (dated.get(i).date().equals(dated.get(i - 1).date())) {
                    throw new IllegalArgumentException(name + ": date " + dated.get(i).date() + " appears twice, on"
                            + " line " + dated.get(i - 1).row().line() + " and line " + dated.get(i).row().line());
                }
            }
            notes.add("rows were not in date order; sorted them by date");
            rows.clear();
            dated.forEach(d -> rows.add(d.row()));
        }
        LocalDate[] out = new LocalDate[dated.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dated.get(i).date();
        }
        return out;
    }

    /** The row's values, or null (and a {@link BadRow}) when one is missing or not a usable number. */
    private static Row parse(CSVRecord r, long line, int dateIndex, int[] picked, int target, List<String> names,
                             List<BadRow> bad) {
        float[] v = new float[picked.length];
        for (int i = 0; i < picked.length; i++) {
            int c = picked[i];
            String name = names.get(i);
            if (c >= r.size()) {
                bad.add(new BadRow(line, name + " is missing (the row has " + r.size() + " fields)"));
                return null;
            }
            String text = r.get(c);
            if (text.isEmpty()) {
                bad.add(new BadRow(line, name + " is empty"));
                return null;
            }
            if (text.equalsIgnoreCase("null")) {
                bad.add(new BadRow(line, name + " is 'null' (Yahoo's mark for a day without a price)"));
                return null;
            }
            double d;
            try {
                d = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                bad.add(new BadRow(line, name + " '" + text + "' is not a number"));
                return null;
            }
            if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
                bad.add(new BadRow(line, name + " '" + text + "' is not a finite number"));
                return null;
            }
            if (c == target && !(d > 0)) {
                bad.add(new BadRow(line, name + " " + text + " is not a positive price"));
                return null;
            }
            v[i] = (float) d;
        }
        String date = dateIndex >= 0 && dateIndex < r.size() ? r.get(dateIndex) : "";
        return new Row(line, date, v);
    }

    private static String describe(List<BadRow> bad) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(bad.size(), 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : "; ").append("line ").append(bad.get(i).line()).append(": ")
                    .append(bad.get(i).reason());
        }
        if (bad.size() > shown) {
            sb.append("; … and ").append(bad.size() - shown).append(" more on lines ");
            sb.append(String.join(", ", bad.subList(shown, bad.size()).stream()
                    .map(b -> Long.toString(b.line())).toList()));
        }
        return sb.toString();
    }

    private static int column(List<String> header, String wanted, boolean hasHeader, String file, String flag) {
        int i = indexOf(header, wanted);
        if (i >= 0) {
            return i;
        }
        if (wanted.matches("\\d+")) {
            int n = Integer.parseInt(wanted);
            if (n >= 1 && n <= header.size()) {
                return n - 1;
            }
        }
        if (!hasHeader && header.size() == 1 && flag.equals("--column")) {
            return 0;
        }
        throw new IllegalArgumentException(file + (hasHeader ? " has no column '" + wanted + "' (" + flag
                + "); its columns are " + String.join(", ", header)
                : " has no header line and " + header.size() + " columns; " + flag
                        + " must be a column number from 1 to " + header.size() + ", got '" + wanted + "'"));
    }

    private static int indexOf(List<String> header, String wanted) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(wanted.trim())) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.charset.CharacterCodingException
                ? "bytes that are not UTF-8 text (" + e.getMessage() + "); save the file as UTF-8" : e.getMessage();
    }

    /** Excel writes a UTF-8 byte order mark first; it would stick to the first column's name. */
    /** The error for a file that is not UTF-8, with the byte offset of the first bad byte. */
    private static IllegalArgumentException notUtf8(Path file, String name, Exception cause) throws IOException {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.charset.CoderResult r;
        do {
            out.clear();
            r = d.decode(in, out, true);
        } while (r.isOverflow());
        return new IllegalArgumentException(name + ": not UTF-8 text: malformed input at byte offset "
                + in.position() + "; save the file as UTF-8 (or ASCII), as Yahoo Finance's downloads are", cause);
    }

    private static Reader withoutByteOrderMark(java.io.BufferedReader r) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    private static boolean blank(CSVRecord r) {
        return r.size() == 1 && r.get(0).isEmpty();
    }

    private static boolean allNumbers(List<String> fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
