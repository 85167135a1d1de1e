package dev.parallax.app.serving;

import dev.parallax.analysis.Chart;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.Color;

/**
 * A bar chart (JFreeChart) of one of the serving analysis's latency histograms: points (bin centre, count)
 * drawn as bars as wide as the distance between bin centres, on a numeric seconds axis.
 */
public final class LatencyHistogramChart {
    private LatencyHistogramChart() {
    }

    public static JFreeChart create(Chart histogram) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (Chart.Series s : histogram.series()) {
            XYIntervalSeries series = new XYIntervalSeries(s.name());
            double[] x = s.x();
            double half = x.length > 1 ? (x[1] - x[0]) / 2 : 0.5;
            for (int i = 0; i < x.length && i < s.y().length; i++) {
                series.add(x[i], x[i] - half, x[i] + half, s.y()[i], 0, s.y()[i]);
            }
            data.addSeries(series);
        }
        NumberAxis xAxis = new NumberAxis(histogram.xLabel());
        xAxis.setAutoRangeIncludesZero(true);
        NumberAxis yAxis = new NumberAxis(histogram.yLabel());
        yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer r = new XYBarRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.WHITE);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(histogram.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
