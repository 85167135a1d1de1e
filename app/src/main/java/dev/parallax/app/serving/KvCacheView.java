package dev.parallax.app.serving;

import dev.parallax.serving.ServingTimeline;
import javafx.scene.layout.BorderPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

import java.awt.geom.Rectangle2D;
import java.util.function.Consumer;

/**
 * A self-contained JavaFX view of KV-cache occupancy over time ({@link KvCacheChart} in a JFreeChart viewer).
 * A click on the chart reports the clicked time (absolute ns on the trace set's clock) to the navigator, so a
 * host window can move its main timeline there.
 */
public final class KvCacheView extends BorderPane {
    private final ServingTimeline timeline;
    private final ChartViewer viewer;
    private Consumer<Long> navigator;

    public KvCacheView(ServingTimeline timeline, Consumer<Long> navigator) {
        this.timeline = timeline;
        this.navigator = navigator;
        this.viewer = new ChartViewer(KvCacheChart.create(timeline));
        viewer.setId("kv-cache-chart");
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX event) {
                long t = timeAt(event.getTrigger().getX());
                if (t >= 0 && KvCacheView.this.navigator != null) {
                    KvCacheView.this.navigator.accept(t);
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX event) {
            }
        });
        setCenter(viewer);
        setMinSize(200, 150);
        setPrefSize(900, 400);
    }

    public JFreeChart chart() {
        return viewer.getChart();
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public ServingTimeline timeline() {
        return timeline;
    }

    public void setNavigator(Consumer<Long> navigator) {
        this.navigator = navigator;
    }

    /**
     * The absolute time (ns) under a horizontal position of the viewer (its coordinates), or -1 when the
     * position is outside the plot's data area or the chart was not drawn yet.
     */
    public long timeAt(double viewerX) {
        PlotRenderingInfo info = viewer.getRenderingInfo() == null ? null : viewer.getRenderingInfo().getPlotInfo();
        if (info == null) {
            return -1;
        }
        Rectangle2D area = info.getDataArea();
        if (area == null || area.getWidth() <= 0 || viewerX < area.getMinX() || viewerX > area.getMaxX()) {
            return -1;
        }
        XYPlot plot = (XYPlot) viewer.getChart().getPlot();
        double seconds = plot.getDomainAxis().java2DToValue(viewerX, area, plot.getDomainAxisEdge());
        return timeline.origin() + Math.round(seconds * 1e9);
    }
}
