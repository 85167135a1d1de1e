package dev.parallax.app.serving;

import dev.parallax.analysis.Chart;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;

/** A bar chart (JFreeChart) of one of the serving analysis's latency histograms (bins × request counts). */
public final class LatencyHistogramChart {
    private LatencyHistogramChart() {
    }

    public static JFreeChart create(Chart histogram) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Chart.Series s : histogram.series()) {
            for (int i = 0; i < s.y().length && i < histogram.categories().size(); i++) {
                data.addValue(s.y()[i], s.name(), histogram.categories().get(i));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(histogram.title(), histogram.xLabel(), histogram.yLabel(), data,
                PlotOrientation.VERTICAL, false, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
