package org.jrnn.examples.stock;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** A Monday-to-Friday calendar without holidays: the built-in data's dates and the dates of forecasts. */
public final class BusinessDays {
    private BusinessDays() {}

    /** The first weekday after {@code date}. */
    public static LocalDate next(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** {@code count} consecutive weekdays starting at {@code first} (or the weekday after it, on a weekend). */
    public static LocalDate[] from(LocalDate first, int count) {
        LocalDate[] out = new LocalDate[count];
        LocalDate d = first.getDayOfWeek().getValue() >= 6 ? next(first) : first;
        for (int i = 0; i < count; i++) {
            out[i] = d;
            d = next(d);
        }
        return out;
    }
}
