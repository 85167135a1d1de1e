package dev.parallax.gpu.ui;

import dev.parallax.gpu.sampler.GpuSample;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.HashMap;
import java.util.Map;

/**
 * Live chart of a GPU metrics recording: utilisation % (top) and memory used in MiB (bottom), one line
 * per device, over seconds since the recording's first reading. Fed one reading at a time on the FX
 * thread; each line keeps at most {@code maxPoints} points.
 */
final class GpuMetricsChart {
    private static final double MIB = 1 << 20;
    /** One colour per device, the same in both plots (Tableau 10). */
    private static final Color[] PALETTE = {
            new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2),
            new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
            new Color(0x9c755f), new Color(0xbab0ac)};

    private final XYSeriesCollection utilisation = new XYSeriesCollection();
    private final XYSeriesCollection memory = new XYSeriesCollection();
    private final Map<Integer, XYSeries[]> byDevice = new HashMap<>();
    private final int maxPoints;
    private final ChartViewer viewer;
    private long originNanos = Long.MIN_VALUE;

    GpuMetricsChart(int maxPoints) {
        this.maxPoints = maxPoints;
        NumberAxis time = new NumberAxis("seconds since start");
        time.setAutoRangeIncludesZero(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);

        NumberAxis utilAxis = new NumberAxis("utilisation %");
        utilAxis.setRange(0, 105);
        plot.add(subplot(utilisation, utilAxis), 1);

        NumberAxis memAxis = new NumberAxis("memory used MiB");
        memAxis.setAutoRangeIncludesZero(true);
        plot.add(subplot(memory, memAxis), 1);

        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        viewer = new ChartViewer(chart);
        viewer.setId("gpu-metrics-chart");
        viewer.setMinSize(300, 200);
        viewer.setPrefSize(640, 360);
    }

    private static XYPlot subplot(XYSeriesCollection data, NumberAxis axis) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < PALETTE.length; i++) {
            r.setSeriesPaint(i, PALETTE[i]);
        }
        XYPlot p = new XYPlot(data, null, axis, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    ChartViewer viewer() {
        return viewer;
    }

    /** Forgets every line (a new recording starts). */
    void clear() {
        utilisation.removeAllSeries();
        memory.removeAllSeries();
        byDevice.clear();
        originNanos = Long.MIN_VALUE;
    }

    /** Adds one reading; a series the device did not report at this tick is left without a point. */
    void add(GpuSample s) {
        if (originNanos == Long.MIN_VALUE) {
            originNanos = s.timeNanos();
        }
        XYSeries[] lines = byDevice.computeIfAbsent(s.device(), d -> {
            XYSeries u = new XYSeries("GPU " + d + " utilisation %", true, false);
            XYSeries m = new XYSeries("GPU " + d + " memory used MiB", true, false);
            u.setMaximumItemCount(maxPoints);
            m.setMaximumItemCount(maxPoints);
            utilisation.addSeries(u);
            memory.addSeries(m);
            return new XYSeries[]{u, m};
        });
        double seconds = (s.timeNanos() - originNanos) / 1e9;
        double util = s.value("gpu_util_pct");
        if (!Double.isNaN(util)) {
            lines[0].addOrUpdate(seconds, util);
        }
        double used = s.value("mem_used_bytes");
        if (!Double.isNaN(used)) {
            lines[1].addOrUpdate(seconds, used / MIB);
        }
    }

    XYSeriesCollection utilisation() {
        return utilisation;
    }

    XYSeriesCollection memory() {
        return memory;
    }
}
