package dev.parallax.app.analysis;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Location;
import dev.parallax.app.charts.JFreeCharts;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;

import java.awt.Font;
import java.util.List;
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

    /** Builds the JFreeChart for a result chart (the same conversion as the PDF report's). */
    public static JFreeChart toJFreeChart(Chart c) {
        return JFreeCharts.create(c, Font.SANS_SERIF);
    }
}
