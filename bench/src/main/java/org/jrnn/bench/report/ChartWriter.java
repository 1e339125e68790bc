package org.jrnn.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Bar charts of throughput (GFLOP/s) per backend per shape: one PNG per kind and cell. Needs a headless AWT
 * ({@code -Djava.awt.headless=true}, set by {@link ReportWriter}).
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private ChartWriter() {}

    /** Writes the charts under {@code dir/charts}; returns their paths relative to {@code dir}, by kind id. */
    public static Map<String, List<String>> write(Path dir, List<ResultRow> rows) throws IOException {
        Map<String, List<ResultRow>> byChart = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.ok() && !Double.isNaN(r.gflops())) {
                byChart.computeIfAbsent(r.kind() + "-" + r.cell(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (byChart.isEmpty()) {
            return out;
        }
        Path chartDir = Files.createDirectories(dir.resolve("charts"));
        try (var old = Files.newDirectoryStream(chartDir, "*.png")) {
            for (Path p : old) {
                Files.delete(p);  // charts of an earlier run would otherwise linger next to this one's
            }
        }
        for (Map.Entry<String, List<ResultRow>> e : byChart.entrySet()) {
            String file = e.getKey().replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
            ResultRow first = e.getValue().get(0);
            JFreeChart chart = chart(first.kind() + " " + first.cell() + ": throughput by shape and backend",
                    e.getValue());
            ChartUtils.saveChartAsPNG(chartDir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
            out.computeIfAbsent(first.kind(), k -> new ArrayList<>()).add("charts/" + file);
        }
        return out;
    }

    /** The same colour for a backend in every chart. */
    static Color colour(String backend) {
        return switch (backend) {
            case "cpu-simd" -> new Color(0xD62728);
            case "reference" -> new Color(0x7F7F7F);
            case "cuda" -> new Color(0x2CA02C);
            case "pytorch-cpu" -> new Color(0x1F77B4);
            case "pytorch-cuda" -> new Color(0x9467BD);
            case "onednn-cpu" -> new Color(0xFF7F0E);
            default -> Color.getHSBColor((backend.hashCode() & 0xFF) / 255f, 0.6f, 0.8f);
        };
    }

    private static JFreeChart chart(String title, List<ResultRow> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Set<String> backends = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            backends.add(r.backend());
        }
        for (ResultRow r : rows) {
            data.addValue(r.gflops(), r.backend(), r.shape() + " " + r.dims());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "shape (BxTxIxH or MxNxK)", "GFLOP/s", data,
                PlotOrientation.VERTICAL, backends.size() > 0, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.#")));
        renderer.setDefaultItemLabelsVisible(true);
        int i = 0;
        for (Object key : data.getRowKeys()) {
            renderer.setSeriesPaint(i++, colour(key.toString()));
        }
        return chart;
    }
}
