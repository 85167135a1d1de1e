package dev.parallax.app.charts;

import dev.parallax.analysis.Chart;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an analysis {@link Chart} (plain data) into a JFreeChart, the one conversion used by the on-screen
 * views and the PDF report alike.
 */
public final class JFreeCharts {
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC),
    };

    private JFreeCharts() {
    }

    /** A new JFreeChart drawing {@code chart}, in the given font family (e.g. for embedding in a PDF). */
    public static JFreeChart create(Chart chart, String fontFamily) {
        JFreeChart jf;
        switch (chart.kind()) {
            case BAR:
            case STACKED_BAR: {
                DefaultCategoryDataset ds = new DefaultCategoryDataset();
                List<String> categories = uniqueLabels(chart.categories());
                for (Chart.Series s : chart.series()) {
                    for (int i = 0; i < s.y().length && i < categories.size(); i++) {
                        ds.addValue(s.y()[i], s.name(), categories.get(i));
                    }
                }
                jf = chart.kind() == Chart.Kind.BAR
                        ? ChartFactory.createBarChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                        PlotOrientation.VERTICAL, chart.series().size() > 1, true, false)
                        : ChartFactory.createStackedBarChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                        PlotOrientation.VERTICAL, true, true, false);
                CategoryPlot plot = jf.getCategoryPlot();
                BarRenderer r = (BarRenderer) plot.getRenderer();
                r.setBarPainter(new StandardBarPainter());
                r.setShadowVisible(false);
                if (categories.size() > 6) {
                    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
                }
                if (chart.logY()) {
                    LogAxis ay = new LogAxis(chart.yLabel());
                    ay.setSmallestValue(1e-12);
                    plot.setRangeAxis(ay);
                }
                break;
            }
            default: {
                XYSeriesCollection ds = new XYSeriesCollection();
                for (Chart.Series s : chart.series()) {
                    XYSeries xy = new XYSeries(s.name(), false, true);
                    for (int i = 0; i < s.y().length; i++) {
                        double x = i < s.x().length ? s.x()[i] : i; // a series without x: points by index
                        if (Double.isFinite(x) && Double.isFinite(s.y()[i])) {
                            xy.add(x, s.y()[i], false);
                        }
                    }
                    ds.addSeries(xy);
                }
                boolean legend = chart.series().size() > 1;
                switch (chart.kind()) {
                    case AREA:
                        jf = ChartFactory.createXYAreaChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        break;
                    case SCATTER:
                        jf = ChartFactory.createScatterPlot(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        break;
                    case HISTOGRAM:
                        jf = ChartFactory.createXYBarChart(chart.title(), chart.xLabel(), false, chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        XYBarRenderer br = (XYBarRenderer) jf.getXYPlot().getRenderer();
                        br.setBarPainter(new StandardXYBarPainter());
                        br.setShadowVisible(false);
                        break;
                    default:
                        jf = ChartFactory.createXYLineChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                }
                XYPlot plot = jf.getXYPlot();
                if (chart.logX()) {
                    LogAxis ax = new LogAxis(chart.xLabel());
                    ax.setSmallestValue(1e-12);
                    plot.setDomainAxis(ax);
                }
                if (chart.logY()) {
                    LogAxis ay = new LogAxis(chart.yLabel());
                    ay.setSmallestValue(1e-12);
                    plot.setRangeAxis(ay);
                }
            }
        }
        theme(fontFamily).apply(jf);
        for (int i = 0; i < chart.series().size(); i++) {
            if (jf.getPlot() instanceof CategoryPlot cp) {
                cp.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            } else if (jf.getPlot() instanceof XYPlot xp) {
                xp.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            }
        }
        jf.setBackgroundPaint(Color.WHITE);
        jf.getPlot().setBackgroundPaint(new Color(0xFAFAFA));
        return jf;
    }

    /** Category labels made unique (JFreeChart keys must be), by numbering repeats: {@code a, a #2, a #3}. */
    public static List<String> uniqueLabels(List<String> labels) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String l : labels) {
            String k = l;
            for (int n = 2; !seen.add(k); n++) {
                k = l + " #" + n;
            }
            out.add(k);
        }
        return out;
    }

    private static StandardChartTheme theme(String family) {
        StandardChartTheme t = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        t.setExtraLargeFont(new Font(family, Font.BOLD, 14));
        t.setLargeFont(new Font(family, Font.BOLD, 11));
        t.setRegularFont(new Font(family, Font.PLAIN, 9));
        t.setSmallFont(new Font(family, Font.PLAIN, 8));
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        t.setPlotBackgroundPaint(new Color(0xFAFAFA));
        t.setDomainGridlinePaint(new Color(0xDDDDDD));
        t.setRangeGridlinePaint(new Color(0xDDDDDD));
        return t;
    }
}
