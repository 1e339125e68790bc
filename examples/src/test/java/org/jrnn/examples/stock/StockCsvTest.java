package org.jrnn.examples.stock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PriceCsv}: the formats it reads and the errors it gives, each naming its line. */
class StockCsvTest {
    @TempDir
    Path dir;

    private static final String YAHOO = "Date,Open,High,Low,Close,Adj Close,Volume\n";

    private Path file(String text) throws IOException {
        Path p = dir.resolve("prices.csv");
        Files.writeString(p, text);
        return p;
    }

    private PriceSeries read(String text) throws IOException {
        return PriceCsv.read(file(text), PriceCsv.Options.defaults());
    }

    private String error(String text, PriceCsv.Options o) throws IOException {
        Path p = file(text);
        return assertThrows(IllegalArgumentException.class, () -> PriceCsv.read(p, o)).getMessage();
    }

    private String error(String text) throws IOException {
        return error(text, PriceCsv.Options.defaults());
    }

    @Test
    void yahooHeader() throws IOException {
        PriceSeries s = read(YAHOO + "2024-01-02,1,2,0.5,10.5,10.1,100\n2024-01-03,1,2,0.5,11.25,10.9,200\n");
        assertEquals(List.of("Close"), s.columns());
        assertArrayEquals(new float[] {10.5f, 11.25f}, s.values());
        assertArrayEquals(new LocalDate[] {LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3)}, s.dates());
        assertEquals("prices.csv", s.source());
        assertEquals(List.of(), s.notes());
    }

    @Test
    void customColumnAndFeatures() throws IOException {
        String text = YAHOO + "2024-01-02,1,2,0.5,10.5,10.1,100\n2024-01-03,1.5,2.5,0.75,11.25,10.9,200\n";
        PriceSeries adj = PriceCsv.read(file(text), new PriceCsv.Options("adj close", null, null, false));
        assertArrayEquals(new float[] {10.1f, 10.9f}, adj.values());
        PriceSeries f = PriceCsv.read(file(text), new PriceCsv.Options("Close",
                List.of("Open", "High", "Low", "Close", "Volume"), null, false));
        assertEquals(5, f.features());
        assertEquals(3, f.target());
        assertArrayEquals(new float[] {1, 2, 0.5f, 10.5f, 100, 1.5f, 2.5f, 0.75f, 11.25f, 200}, f.values());
        assertTrue(error(text, new PriceCsv.Options("Price", null, null, false))
                .contains("has no column 'Price' (--column); its columns are Date, Open"));
        assertTrue(error(text, new PriceCsv.Options("Close", List.of("Open", "Volume"), null, false))
                .contains("must include the predicted column Close"));
    }

    @Test
    void noDatesMeansFileOrder() throws IOException {
        PriceSeries s = read("Close\n3\n1\n2\n");
        assertNull(s.dates());
        assertArrayEquals(new float[] {3, 1, 2}, s.values());
        assertTrue(s.notes().getFirst().contains("no Date column"), s.notes().toString());
        PriceSeries bare = read("3.5\n1\n2\n");
        assertArrayEquals(new float[] {3.5f, 1, 2}, bare.values());
        assertTrue(error("1,2\n3,4\n").contains("no header line and 2 columns; --column must be a column number"));
        PriceSeries second = PriceCsv.read(file("1,2\n3,4\n"), new PriceCsv.Options("2", null, null, false));
        assertArrayEquals(new float[] {2, 4}, second.values());
    }

    @Test
    void dayFirstTwoDigitYears() throws IOException {
        PriceSeries s = read("Date,Close\n30-12-99,1\n31-12-99,2\n03-01-00,3\n");
        assertArrayEquals(new LocalDate[] {LocalDate.of(1999, 12, 30), LocalDate.of(1999, 12, 31),
                LocalDate.of(2000, 1, 3)}, s.dates());
    }

    @Test
    void dayFirstFourDigitYears() throws IOException {
        PriceSeries s = read("Date,Close\n29/02/2024,1\n01/03/2024,2\n");
        assertArrayEquals(new LocalDate[] {LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1)}, s.dates());
        assertEquals(List.of(), s.notes(), "29/02 reads one way only");
    }

    @Test
    void ambiguousDatesAreReadDayFirstWithANote() throws IOException {
        PriceSeries s = read("Date,Close\n05/01/2024,1\n08/01/2024,2\n");
        assertEquals(LocalDate.of(2024, 1, 5), s.dates()[0]);
        assertTrue(s.notes().getFirst().contains("--date-format MM/dd/yyyy"), s.notes().toString());
        PriceSeries us = PriceCsv.read(file("Date,Close\n05/01/2024,1\n08/01/2024,2\n"),
                new PriceCsv.Options("Close", null, "MM/dd/yyyy", false));
        assertEquals(LocalDate.of(2024, 5, 1), us.dates()[0]);
        PriceSeries monthFirst = read("Date,Close\n12/30/2024,1\n12/31/2024,2\n");
        assertEquals(LocalDate.of(2024, 12, 31), monthFirst.dates()[1]);
    }

    @Test
    void unsortedRowsAreSortedWithANote() throws IOException {
        PriceSeries s = read("Date,Close\n2024-01-04,3\n2024-01-02,1\n2024-01-03,2\n");
        assertArrayEquals(new float[] {1, 2, 3}, s.values());
        assertEquals(LocalDate.of(2024, 1, 2), s.dates()[0]);
        assertTrue(s.notes().contains("rows were not in date order; sorted them by date"), s.notes().toString());
    }

    @Test
    void duplicateDateNamesBothLines() throws IOException {
        assertTrue(error("Date,Close\n2024-01-02,1\n2024-01-03,2\n2024-01-02,3\n")
                .contains("date 2024-01-02 appears twice, on line 2 and line 4"));
    }

    @Test
    void missingPriceNamesItsLine() throws IOException {
        String m = error(YAHOO + "2024-01-02,1,2,0.5,10.5,10.1,100\n\n2024-01-03,1,2,0.5,,10.9,200\n");
        assertTrue(m.contains("prices.csv: 1 bad row") && m.contains("line 4: Close is empty"), m);
        String shortRow = error("Date,Close\n2024-01-02,1\n2024-01-03\n");
        assertTrue(shortRow.contains("line 3: Close is missing"), shortRow);
    }

    @Test
    void yahooNullIsABadRowUnlessSkipped() throws IOException {
        String text = YAHOO + "2024-01-02,1,2,0.5,10.5,10.1,100\n2024-01-03,null,null,null,null,null,null\n"
                + "2024-01-04,1,2,0.5,11,10.9,200\n2024-01-05,null,null,null,null,null,null\n";
        String m = error(text);
        assertTrue(m.contains("2 bad rows (--skip-bad-rows leaves them out): line 3: Close is 'null'"), m);
        assertTrue(m.contains("line 5"), m);
        PriceSeries s = PriceCsv.read(file(text), new PriceCsv.Options("Close", null, null, true));
        assertArrayEquals(new float[] {10.5f, 11}, s.values());
        assertTrue(s.notes().getFirst().startsWith("skipped 2 bad rows: line 3: Close is 'null'"), s.notes().toString());
    }

    @Test
    void nonNumericTextAndNonPositivePrices() throws IOException {
        assertTrue(error("Date,Close\n2024-01-02,1\n2024-01-03,abc\n").contains("line 3: Close 'abc' is not a number"));
        assertTrue(error("Date,Close\n2024-01-02,1\n2024-01-03,0\n").contains("line 3: Close 0 is not a positive price"));
        assertTrue(error("Date,Close\n2024-01-02,1\n2024-01-03,NaN\n").contains("not a finite number"));
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        assertTrue(error("").contains("prices.csv: the file is empty"));
        assertTrue(error("\n\n").contains("the file is empty"));
        assertTrue(error(YAHOO).contains("prices.csv: no data rows after the header"));
    }

    @Test
    void badDatesNameTheirLine() throws IOException {
        String m = error("Date,Close\n2024-01-02,1\nyesterday,2\n");
        assertTrue(m.contains("line 3: 'yesterday' is not a date in a known format"), m);
        String explicit = error("Date,Close\n2024-01-02,1\n", new PriceCsv.Options("Close", null, "dd/MM/yyyy", false));
        assertTrue(explicit.contains("line 2: date '2024-01-02' does not match dd/MM/yyyy (--date-format)"), explicit);
    }

    @Test
    void quotedFieldsAndAByteOrderMark() throws IOException {
        PriceSeries s = read("\uFEFF\"Date\",\"Close\"\n\"2024-01-02\",\"10.5\"\n");
        assertArrayEquals(new float[] {10.5f}, s.values());
    }
}
