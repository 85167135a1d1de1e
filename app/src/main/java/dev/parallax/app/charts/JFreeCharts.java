package dev.parallax.app.charts;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultTableXYDataset;
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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
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
                    case STACKED_AREA:
                        jf = stackedArea(chart);
                        break;
                    case AREA:
                        jf = ChartFactory.createXYAreaChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        break;
                    case SCATTER:
                        jf = ChartFactory.createScatterPlot(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        if (jf.getXYPlot().getRenderer()
                                instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer lines) {
                            for (int i = 0; i < chart.series().size(); i++) {
                                if (chart.series().get(i).line()) {
                                    lines.setSeriesLinesVisible(i, true);
                                    lines.setSeriesShapesVisible(i, false);
                                }
                            }
                        }
                        break;
                    case HISTOGRAM:
                        jf = ChartFactory.createXYBarChart(chart.title(), chart.xLabel(), false, chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                        XYBarRenderer br = (XYBarRenderer) jf.getXYPlot().getRenderer();
                        br.setBarPainter(new StandardXYBarPainter());
                        br.setShadowVisible(false);
                        binAxis(jf.getXYPlot(), ds);
                        break;
                    default:
                        jf = ChartFactory.createXYLineChart(chart.title(), chart.xLabel(), chart.yLabel(), ds,
                                PlotOrientation.VERTICAL, legend, true, false);
                }
                XYPlot plot = jf.getXYPlot();
                if (chart.logX()) {
                    plot.setDomainAxis(logAxis(chart.xLabel(), chart.xUnit()));
                } else if (chart.xUnit() != Unit.NONE) {
                    ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(new UnitTickFormat(chart.xUnit()));
                }
                if (chart.logY()) {
                    plot.setRangeAxis(logAxis(chart.yLabel(), chart.yUnit()));
                } else if (chart.yUnit() != Unit.NONE) {
                    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new UnitTickFormat(chart.yUnit()));
                }
            }
        }
        theme(fontFamily).apply(jf);
        if (jf.getPlot() instanceof XYPlot xp) {
            markers(xp, chart.markers(), fontFamily);
        }
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

    /** Series sharing their x values, stacked as areas (a series missing a point counts zero there). */
    private static JFreeChart stackedArea(Chart chart) {
        DefaultTableXYDataset ds = new DefaultTableXYDataset();
        for (Chart.Series s : chart.series()) {
            XYSeries xy = new XYSeries(s.name(), true, false);
            for (int i = 0; i < s.y().length && i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xy.add(s.x()[i], s.y()[i], false);
                }
            }
            ds.addSeries(xy);
        }
        StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
        renderer.setDefaultToolTipGenerator(new StandardXYToolTipGenerator("{0}: {2} at {1}",
                new UnitTickFormat(chart.xUnit()), new UnitTickFormat(chart.yUnit())));
        XYPlot plot = new XYPlot(ds, new NumberAxis(chart.xLabel()), new NumberAxis(chart.yLabel()), renderer);
        return new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /**
     * A log axis: base 2 with a tick at powers of two for token counts and bytes (2K, 4K, … 1M; 1 GiB, 2 GiB),
     * else base 10 with a tick per decade; tick labels in the axis unit.
     */
    private static LogAxis logAxis(String label, Unit unit) {
        LogAxis a = new LogAxis(label);
        a.setSmallestValue(1e-12);
        if (unit == Unit.TOKENS || unit == Unit.BYTES) {
            a.setBase(2);
            a.setMinorTickCount(1);
        } else {
            a.setBase(10);
            a.setMinorTickCount(9);
        }
        a.setTickUnit(new NumberTickUnit(1.0));
        a.setMinorTickMarksVisible(true);
        if (unit != Unit.NONE) {
            a.setNumberFormatOverride(new UnitTickFormat(unit));
        }
        return a;
    }

    /** Draws the markers as dashed lines with their labels and widens the axes so that every marker shows. */
    private static void markers(XYPlot plot, List<Chart.Marker> markers, String fontFamily) {
        Font font = new Font(fontFamily, Font.PLAIN, 9);
        int n = 0;
        for (Chart.Marker m : markers) {
            boolean x = m.axis() == Chart.Axis.X;
            ValueMarker v = new ValueMarker(m.value(), x ? new Color(0x55, 0x55, 0x55) : new Color(0xC0, 0x39, 0x2B),
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
            v.setLabel(m.label());
            v.setLabelFont(font);
            v.setLabelPaint(Color.DARK_GRAY);
            v.setLabelBackgroundColor(new Color(255, 255, 255, 210));
            if (x) {
                // labels of successive vertical markers one line lower each, so that neighbours do not overlap
                v.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                v.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                v.setLabelOffset(new RectangleInsets(4 + 12 * (n++ % 3), 3, 4, 3));
                plot.addDomainMarker(v);
                include(plot.getDomainAxis(), m.value(), plot.getDataset() == null ? null
                        : plot.getRenderer().findDomainBounds(plot.getDataset()));
            } else {
                v.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
                v.setLabelTextAnchor(TextAnchor.TOP_LEFT); // below the line, inside the plot
                plot.addRangeMarker(v);
                include(plot.getRangeAxis(), m.value(), plot.getDataset() == null ? null
                        : plot.getRenderer().findRangeBounds(plot.getDataset())); // stacked totals for stacks
            }
        }
    }

    /** Widens {@code axis} to show {@code value} when it lies outside the data's {@code bounds}. */
    private static void include(ValueAxis axis, double value, Range bounds) {
        if (!Double.isFinite(value) || axis instanceof LogAxis && value <= 0
                || bounds != null && bounds.contains(value)) {
            return;
        }
        Range data = bounds == null ? new Range(value, value) : Range.expandToInclude(bounds, value);
        if (axis instanceof LogAxis) {
            double lo = data.getLowerBound() > 0 ? data.getLowerBound() : value;
            axis.setRange(lo / 1.2, data.getUpperBound() * 1.2);
        } else {
            double margin = Math.max(data.getLength(), Math.abs(value)) * 0.05;
            double lo = data.getLowerBound() - margin;
            axis.setRange(data.getLowerBound() >= 0 && lo < 0 ? 0 : lo, data.getUpperBound() + margin);
        }
    }

    /**
     * Tick labels in a {@link Unit}: token counts that are powers of two as 2K, 1M (as context lengths are
     * written), others through {@link UnitFormat}.
     */
    static final class UnitTickFormat extends NumberFormat {
        private final Unit unit;

        UnitTickFormat(Unit unit) {
            this.unit = unit;
        }

        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            return to.append(label(number, unit));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return null;
        }
    }

    /** {@code value} as a tick label in {@code unit}. */
    static String label(double value, Unit unit) {
        if (unit == Unit.TOKENS && value >= 1024 && value == Math.rint(value)) {
            long t = (long) value;
            if (t % (1L << 20) == 0) {
                return (t >> 20) + "M";
            }
            if (t % 1024 == 0) {
                return (t >> 10) + "K";
            }
        }
        if (unit == Unit.TOKENS) {
            return UnitFormat.number(value, 3);
        }
        return unit == Unit.NONE ? UnitFormat.number(value, 3) : UnitFormat.format(value, unit);
    }

    /**
     * A histogram's x axis spans exactly its bins: the bin width is the smallest distance between neighbouring
     * bin centres (a single bin: a fifth of its centre, or 1 at 0), so no bar reaches below the data's range
     * (JFreeChart's default width of 1 drew one bin at 0.02 s from −0.47 to 0.52).
     */
    private static void binAxis(XYPlot plot, XYSeriesCollection ds) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double width = Double.POSITIVE_INFINITY;
        for (int s = 0; s < ds.getSeriesCount(); s++) {
            for (int i = 0; i < ds.getItemCount(s); i++) {
                double x = ds.getXValue(s, i);
                min = Math.min(min, x);
                max = Math.max(max, x);
                if (i > 0 && x > ds.getXValue(s, i - 1)) {
                    width = Math.min(width, x - ds.getXValue(s, i - 1));
                }
            }
        }
        if (min > max) {
            return;
        }
        if (width == Double.POSITIVE_INFINITY) {
            width = min != 0 ? Math.abs(min) / 5 : 1;
        }
        ds.setIntervalWidth(width);
        NumberAxis axis = (NumberAxis) plot.getDomainAxis();
        axis.setAutoRangeIncludesZero(false);
        axis.setRange(min - width / 2, max + width / 2);
    }

    /** Tick labels in {@code unit} through {@link UnitFormat}, never in E-notation for everyday magnitudes. */
    public static NumberFormat tickFormat(Unit unit) {
        return new UnitTickFormat(unit);
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
