package dev.parallax.app.analysis;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Location;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws any result {@link Chart} with JFreeChart in its JavaFX {@link ChartViewer}: bar and stacked-bar
 * kinds as category charts (stacked breakdown per rank, overlap per rank, top kernels), line, area,
 * scatter and histogram kinds as XY charts, log axes where asked. Clicking a bar whose category names a
 * rank ({@code rank 3}, {@code r3 s7}) sends that rank's {@link Location} to the {@link Navigator}.
 */
public final class ResultChartView extends StackPane {
    private static final Pattern RANK = Pattern.compile("^(?:rank\\s*|r)(\\d+)\\b");
    private final Chart chart;
    private final JFreeChart jfree;
    private final ChartViewer viewer;
    private final Navigator navigator;

    public ResultChartView(Chart chart, Navigator navigator) {
        this.chart = chart;
        this.navigator = navigator;
        this.jfree = toJFreeChart(chart);
        this.viewer = new ChartViewer(jfree);
        setId("chart-" + chart.id());
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX event) {
                click(event.getEntity());
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX event) {
            }
        });
        getChildren().add(viewer);
        setMinHeight(260);
    }

    public Chart chart() {
        return chart;
    }

    public JFreeChart jfreeChart() {
        return jfree;
    }

    public ChartViewer viewer() {
        return viewer;
    }

    /** Handles a click on a chart entity (also used by tests). */
    void click(ChartEntity entity) {
        if (entity instanceof CategoryItemEntity item) {
            Location loc = locationOf(String.valueOf(item.getColumnKey()));
            if (loc != null) {
                navigator.goTo(loc);
            }
        }
    }

    /** The location a category label names: a rank for {@code rank N} or {@code rN ...}, else null. */
    public static Location locationOf(String category) {
        Matcher m = RANK.matcher(category.trim());
        return m.find() ? Location.rank(Integer.parseInt(m.group(1))) : null;
    }

    /** Builds the JFreeChart for a result chart. */
    public static JFreeChart toJFreeChart(Chart c) {
        JFreeChart jf;
        switch (c.kind()) {
            case BAR, STACKED_BAR -> {
                DefaultCategoryDataset ds = new DefaultCategoryDataset();
                List<String> cats = unique(c.categories());
                for (Chart.Series s : c.series()) {
                    for (int i = 0; i < cats.size() && i < s.y().length; i++) {
                        ds.addValue(s.y()[i], s.name(), cats.get(i));
                    }
                }
                jf = c.kind() == Chart.Kind.BAR
                        ? ChartFactory.createBarChart(c.title(), c.xLabel(), c.yLabel(), ds, PlotOrientation.VERTICAL,
                        true, true, false)
                        : ChartFactory.createStackedBarChart(c.title(), c.xLabel(), c.yLabel(), ds,
                        PlotOrientation.VERTICAL, true, true, false);
                CategoryPlot plot = jf.getCategoryPlot();
                if (cats.size() > 6) {
                    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
                }
                if (c.logY()) {
                    plot.setRangeAxis(new LogAxis(c.yLabel()));
                }
            }
            default -> {
                XYSeriesCollection ds = new XYSeriesCollection();
                for (Chart.Series s : c.series()) {
                    XYSeries xy = new XYSeries(s.name(), false, true);
                    for (int i = 0; i < s.y().length; i++) {
                        xy.add(i < s.x().length ? s.x()[i] : i, s.y()[i]);
                    }
                    ds.addSeries(xy);
                }
                jf = switch (c.kind()) {
                    case AREA -> ChartFactory.createXYAreaChart(c.title(), c.xLabel(), c.yLabel(), ds);
                    case SCATTER -> ChartFactory.createScatterPlot(c.title(), c.xLabel(), c.yLabel(), ds);
                    case HISTOGRAM -> ChartFactory.createXYBarChart(c.title(), c.xLabel(), false, c.yLabel(), ds);
                    default -> ChartFactory.createXYLineChart(c.title(), c.xLabel(), c.yLabel(), ds);
                };
                XYPlot plot = jf.getXYPlot();
                if (c.logX()) {
                    plot.setDomainAxis(new LogAxis(c.xLabel()));
                }
                if (c.logY()) {
                    plot.setRangeAxis(new LogAxis(c.yLabel()));
                }
            }
        }
        return jf;
    }

    /** Category labels made unique (JFreeChart keys must be), by numbering repeats. */
    static List<String> unique(List<String> labels) {
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
}
