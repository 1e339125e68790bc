package org.jrnn.examples.stock;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses how a file's dates are written. Rule: the first of the candidate formats that reads every date of the file
 * wins; the candidates put ISO first and the day before the month ({@code DD/MM/YYYY}, {@code DD-MM-YY}), so a file
 * whose dates could be read both ways (every day ≤ 12) is read day first, with a note that says so; a file that only
 * reads month first ({@code 12/31/2024}) is read month first. Two-digit years are 1950–2049. An explicit
 * {@code --date-format} pattern ({@link DateTimeFormatter} letters: {@code MM/dd/yyyy}) replaces the guess.
 */
final class DateFormats {
    private DateFormats() {}

    /** A chosen format, and a note when the choice was ambiguous (null otherwise). */
    record Choice(String pattern, DateTimeFormatter formatter, String note) {
        LocalDate parse(String text) {
            return LocalDate.parse(text, formatter);
        }
    }

    private static final String[] DAY_FIRST = {"yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "dd-MM-yyyy", "dd.MM.yyyy",
            "dd-MM-yy", "dd/MM/yy", "dd.MM.yy", "d-MMM-yyyy", "d-MMM-yy", "d MMM yyyy", "MMM d, yyyy"};
    private static final String[] MONTH_FIRST = {"MM/dd/yyyy", "MM-dd-yyyy", "MM/dd/yy", "MM-dd-yy"};

    /** The formatter of a pattern: strict, English month names, two-digit years 1950–2049. */
    static DateTimeFormatter formatter(String pattern) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        // Split around a two-letter year so it can be read with a base year; uuuu for four digits (strict needs it).
        String p = pattern.replace("yyyy", "uuuu");
        int yy = p.indexOf("yy");
        if (yy >= 0 && !p.contains("uuuu")) {
            b.appendPattern(p.substring(0, yy));
            b.appendValueReduced(ChronoField.YEAR, 2, 2, 1950);
            b.appendPattern(p.substring(yy + 2));
        } else {
            b.appendPattern(p);
        }
        return b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The user's pattern, checked. */
    static Choice explicit(String pattern) {
        try {
            return new Choice(pattern, formatter(pattern), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--date-format '" + pattern + "' is not a date pattern: "
                    + e.getMessage() + " (use java.time letters, e.g. MM/dd/yyyy or dd-MM-yy)", e);
        }
    }

    /**
     * The first candidate that reads every one of {@code dates}, or an error naming the first date that none reads
     * (with its line).
     */
    static Choice detect(List<String> dates, List<Long> lines, String file) {
        List<String> all = new ArrayList<>(List.of(DAY_FIRST));
        all.addAll(List.of(MONTH_FIRST));
        for (String pattern : all) {
            DateTimeFormatter f = formatter(pattern);
            if (readsAll(f, dates)) {
                String note = null;
                String swapped = swapped(pattern);
                if (swapped != null && readsAll(formatter(swapped), dates)) {
                    note = "dates like '" + dates.getFirst() + "' read either way; read as " + pattern
                            + " (day first); give --date-format " + swapped + " for month first";
                }
                return new Choice(pattern, f, note);
            }
        }
        // Name the first date that no single format reads, with the best guess from the first date.
        for (int i = 0; i < dates.size(); i++) {
            boolean any = false;
            for (String pattern : all) {
                if (reads(formatter(pattern), dates.get(i))) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                throw new IllegalArgumentException(file + ": line " + lines.get(i) + ": '" + dates.get(i)
                        + "' is not a date in a known format (ISO yyyy-MM-dd, dd/MM/yyyy, dd-MM-yy, …); give"
                        + " --date-format PATTERN");
            }
        }
        throw new IllegalArgumentException(file + ": the dates are written in more than one format (first: '"
                + dates.getFirst() + "' on line " + lines.getFirst() + "); give --date-format PATTERN");
    }

    private static String swapped(String pattern) {
        if (pattern.startsWith("dd/MM") || pattern.startsWith("dd-MM") || pattern.startsWith("dd.MM")) {
            return "MM" + pattern.substring(2, 3) + "dd" + pattern.substring(5);
        }
        return null;
    }

    private static boolean readsAll(DateTimeFormatter f, List<String> dates) {
        for (String d : dates) {
            if (!reads(f, d)) {
                return false;
            }
        }
        return !dates.isEmpty();
    }

    private static boolean reads(DateTimeFormatter f, String d) {
        try {
            LocalDate.parse(d, f);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
