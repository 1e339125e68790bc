package org.jrnn.examples.stock;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.XYDataset;

/** The --plot chart: actual, model and naive prices over the test part, dates on the axis, as a PNG (headless). */
public final class PricePlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 450;

    private PricePlot() {}

    public static void write(StockResult r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String title = "Test part: " + r.series().columns().get(r.series().target()) + " of " + r.series().source()
                + " (" + r.config().target().id() + " model)";
        String[] names = {"actual", "LSTM forecast", "naive (tomorrow = today)"};
        JFreeChart chart;
        if (r.series().hasDates()) {
            TimeSeriesCollection data = new TimeSeriesCollection();
            TimeSeries[] s = {new TimeSeries(names[0]), new TimeSeries(names[1]), new TimeSeries(names[2])};
            for (int i = 0; i < r.actual().length; i++) {
                LocalDate d = LocalDate.parse(r.testDays().get(i));
                Day day = new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear());
                s[0].add(day, r.actual()[i]);
                s[1].add(day, r.predicted()[i]);
                s[2].add(day, r.today()[i]);
            }
            for (TimeSeries t : s) {
                data.addSeries(t);
            }
            chart = ChartFactory.createTimeSeriesChart(title, "date", "price", data, true, false, false);
            DateAxis axis = (DateAxis) chart.getXYPlot().getDomainAxis();
            axis.setDateFormatOverride(new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT));
        } else {
            chart = ChartFactory.createXYLineChart(title, "day (row of the file)", "price", xy(r, names));
        }
        style(chart);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder of --plot does not exist: " + dir);
        }
        // A sibling, not Files.createTempFile: that one is private (0600) and the chart would stay so.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var png = Files.newOutputStream(tmp)) {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static XYDataset xy(StockResult r, String[] names) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries[] s = {new XYSeries(names[0]), new XYSeries(names[1]), new XYSeries(names[2])};
        for (int i = 0; i < r.actual().length; i++) {
            int day = Integer.parseInt(r.testDays().get(i).substring(4));
            s[0].add(day, r.actual()[i]);
            s[1].add(day, r.predicted()[i]);
            s[2].add(day, r.today()[i]);
        }
        for (XYSeries x : s) {
            data.addSeries(x);
        }
        return data;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, Color.BLACK);
        line.setSeriesStroke(0, new BasicStroke(2f));
        line.setSeriesPaint(1, new Color(0xD62728));
        line.setSeriesStroke(1, new BasicStroke(1.5f));
        line.setSeriesPaint(2, new Color(0x7F7F7F));
        line.setSeriesStroke(2, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 3f}, 0f));
        plot.setRenderer(line);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    }
}
