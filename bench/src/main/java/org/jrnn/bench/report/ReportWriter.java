package org.jrnn.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes report.md, results.csv and charts/*.png for a {@link ReportData} into one folder. */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String CSV = "results.csv";

    private ReportWriter() {}

    /** Returns the Markdown file. */
    public static Path write(ReportData data, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<ResultRow> sorted = data.rows().stream().sorted(RowOrder.comparator(data.baseline())).toList();
        ReportData d = new ReportData(data.profile(), data.baseline(), data.context(), data.peak(), sorted,
                data.notes(), data.peers());
        ResultCsv.write(dir.resolve(CSV), sorted);
        Map<String, List<String>> charts = ChartWriter.write(dir, sorted);
        Path md = dir.resolve(MARKDOWN);
        Files.writeString(md, MarkdownWriter.render(d, charts), StandardCharsets.UTF_8);
        return md;
    }
}
