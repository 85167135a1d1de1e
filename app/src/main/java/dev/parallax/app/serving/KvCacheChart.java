package dev.parallax.app.serving;

import dev.parallax.serving.ServingTimeline;
import dev.parallax.serving.StepSeries;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;

/**
 * The KV-cache occupancy chart as a JFreeChart: KV usage (%) as a step line on the left axis with the
 * capacity (100 %) and saturation threshold as horizontal lines; running and waiting requests as step lines on
 * the right axis; each preemption as a vertical mark. The x axis is seconds from the timeline's origin.
 * Plain JFreeChart (no JavaFX), so the same chart can go into a PDF report.
 */
public final class KvCacheChart {
    /** Dataset index of the usage series (left axis). */
    public static final int USAGE_DATASET = 0;
    /** Dataset index of the running/waiting series (right axis). */
    public static final int REQUESTS_DATASET = 1;

    private KvCacheChart() {
    }

    public static JFreeChart create(ServingTimeline tl) {
        XYSeriesCollection usage = new XYSeriesCollection();
        String usageAxis = "KV usage (%)";
        if (tl.usage() != null && !tl.usage().isEmpty()) {
            usage.addSeries(series(tl.usageDerived() ? "KV usage (derived from requests)" : "KV usage", tl.usage(),
                    tl.origin(), 100));
        } else if (tl.usedBlocks() != null && !tl.usedBlocks().isEmpty()) {
            usage.addSeries(series("KV blocks in use", tl.usedBlocks(), tl.origin(), 1));
            usageAxis = "KV blocks";
        }
        XYSeriesCollection requests = new XYSeriesCollection();
        if (tl.running() != null && !tl.running().isEmpty()) {
            requests.addSeries(series("running", tl.running(), tl.origin(), 1));
        }
        if (tl.waiting() != null && !tl.waiting().isEmpty()) {
            requests.addSeries(series("waiting", tl.waiting(), tl.origin(), 1));
        }
        NumberAxis x = new NumberAxis("time (s from trace start)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis left = new NumberAxis(usageAxis);
        XYStepRenderer usageRenderer = new XYStepRenderer();
        usageRenderer.setSeriesPaint(0, new Color(0x1f77b4));
        usageRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
        XYPlot plot = new XYPlot(usage, x, left, usageRenderer);
        NumberAxis right = new NumberAxis("requests");
        right.setAutoRangeIncludesZero(true);
        plot.setRangeAxis(1, right);
        plot.setDataset(REQUESTS_DATASET, requests);
        plot.mapDatasetToRangeAxis(REQUESTS_DATASET, 1);
        XYStepRenderer reqRenderer = new XYStepRenderer();
        reqRenderer.setSeriesPaint(0, new Color(0x2ca02c));
        reqRenderer.setSeriesPaint(1, new Color(0xd62728));
        plot.setRenderer(REQUESTS_DATASET, reqRenderer);
        if (usage.getSeriesCount() > 0 && usageAxis.startsWith("KV usage")) {
            left.setRange(0, 105);
            plot.addRangeMarker(marker(100, "capacity" + (tl.capacityBlocks() > 0 ? " (" + tl.capacityBlocks()
                    + " blocks)" : ""), Color.DARK_GRAY), Layer.FOREGROUND);
            plot.addRangeMarker(marker(tl.saturationThreshold() * 100, String.format(Locale.ROOT, "%.0f%%",
                    tl.saturationThreshold() * 100), new Color(0xff7f0e)), Layer.FOREGROUND);
        } else if (tl.capacityBlocks() > 0 && usage.getSeriesCount() > 0) {
            plot.addRangeMarker(marker(tl.capacityBlocks(), "capacity", Color.DARK_GRAY), Layer.FOREGROUND);
        }
        Color preemption = new Color(0x9467bd);
        for (long t : tl.preemptions()) {
            ValueMarker m = new ValueMarker((t - tl.origin()) / 1e9, preemption, new BasicStroke(1f));
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
        if (tl.preemptions().length > 0) {
            LegendItemCollection items = new LegendItemCollection();
            items.addAll(plot.getLegendItems());
            items.add(new LegendItem("preemption", "", "", "", new java.awt.geom.Line2D.Double(0, -5, 0, 5),
                    new BasicStroke(1.5f), preemption));
            plot.setFixedLegendItems(items);
        }
        JFreeChart chart = new JFreeChart("KV-cache occupancy", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** Most points per series before a series is reduced to the extremes of equal time buckets. */
    static final int MAX_POINTS = 4_000;

    /**
     * A step series as chart points: times as seconds from {@code origin}, values scaled. Long series are
     * reduced to {@link #MAX_POINTS}: per equal time bucket its first, smallest, largest and last sample, so
     * peaks and dips stay visible while the chart draws a bounded number of points.
     */
    static XYSeries series(String name, StepSeries s, long origin, double scale) {
        XYSeries out = new XYSeries(name, true, true);
        int n = s.size();
        long[] t = s.times();
        double[] v = s.values();
        if (n <= MAX_POINTS) {
            for (int i = 0; i < n; i++) {
                out.add((t[i] - origin) / 1e9, v[i] * scale, false);
            }
        } else {
            int buckets = MAX_POINTS / 4;
            long t0 = t[0];
            long span = Math.max(1, t[n - 1] - t0);
            int i = 0;
            for (int b = 0; b < buckets && i < n; b++) {
                long bucketEnd = b == buckets - 1 ? Long.MAX_VALUE : t0 + span * (b + 1) / buckets;
                int first = i;
                int min = i;
                int max = i;
                while (i < n && t[i] < bucketEnd) {
                    if (v[i] < v[min]) {
                        min = i;
                    }
                    if (v[i] > v[max]) {
                        max = i;
                    }
                    i++;
                }
                int last = i - 1;
                if (last < first) {
                    continue;
                }
                int[] keep = {first, Math.min(min, max), Math.max(min, max), last};
                int prev = -1;
                for (int k : keep) {
                    if (k != prev) {
                        out.add((t[k] - origin) / 1e9, v[k] * scale, false);
                        prev = k;
                    }
                }
            }
        }
        if (n > 0 && s.end() > t[n - 1]) {
            out.add((s.end() - origin) / 1e9, v[n - 1] * scale, false);
        }
        out.fireSeriesChanged();
        return out;
    }

    private static ValueMarker marker(double value, String label, Color color) {
        ValueMarker m = new ValueMarker(value, color, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return m;
    }
}
