package dev.parallax.app.serving;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.app.analysis.Navigator;
import dev.parallax.app.charts.JFreeCharts;
import dev.parallax.app.analysis.ResultTableView;
import dev.parallax.serving.ServingTimeline;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The serving views as tabs a workbench window can host: "KV cache" (occupancy chart and findings),
 * "Latency" (metrics, latency percentiles and histograms) and "Steps" (inference steps against their bounds).
 * Hosted by the workbench as the {@code serving} view ({@link ServingViewFactory}), which prepares the data off
 * the JavaFX thread.
 */
public final class ServingPanel extends TabPane {
    /** What the panel shows: the analysis result and its timeline series. */
    public record Data(Result result, ServingTimeline timeline) {
    }

    private final Data data;
    private final KvCacheView kvView;
    private final List<ChartViewer> histograms = new ArrayList<>();
    private final List<ResultTableView> tables = new ArrayList<>();

    public ServingPanel(Data data, Consumer<Long> navigator) {
        Navigator toTime = l -> {
            if (l.hasTime() && navigator != null) {
                navigator.accept(l.start());
            }
        };
        this.data = data;
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        kvView = new KvCacheView(data.timeline(), navigator);
        VBox findings = new VBox(6);
        findings.setPadding(new Insets(8));
        for (Finding f : data.result().findingsBySeverity()) {
            Label l = new Label(f.severity() + ": " + f.summary() + "\n" + f.explanation() + "\n→ " + f.suggestion());
            l.setWrapText(true);
            if (f.location() != null && f.location().hasTime() && navigator != null) {
                long at = f.location().start();
                l.setOnMouseClicked(e -> navigator.accept(at));
            }
            findings.getChildren().add(l);
        }
        ScrollPane findingsScroll = new ScrollPane(findings);
        findingsScroll.setFitToWidth(true);
        SplitPane kv = new SplitPane(kvView, findingsScroll);
        kv.setOrientation(javafx.geometry.Orientation.VERTICAL);
        kv.setDividerPositions(0.7);
        Tab kvTab = new Tab("KV cache", kv);
        kvTab.setId("tab-kv-cache");

        VBox latency = new VBox(8);
        latency.setPadding(new Insets(8));
        ResultTableView metrics = new ResultTableView(metricsTable(data.result().metricList()), toTime);
        metrics.setPrefHeight(220);
        tables.add(metrics);
        latency.getChildren().add(metrics);
        Table lat = data.result().table("latency");
        if (lat != null) {
            ResultTableView t = new ResultTableView(lat, toTime);
            t.setPrefHeight(140);
            tables.add(t);
            latency.getChildren().add(t);
        }
        GridPane grid = new GridPane();
        int col = 0;
        for (String id : new String[] {"ttft_histogram", "tpot_histogram", "e2e_histogram"}) {
            Chart c = data.result().chart(id);
            if (c != null) {
                ChartViewer v = new ChartViewer(JFreeCharts.create(c, java.awt.Font.SANS_SERIF));
                v.setId(id);
                v.setPrefSize(360, 260);
                histograms.add(v);
                grid.add(v, col++, 0);
            }
        }
        latency.getChildren().add(grid);
        ScrollPane latencyScroll = new ScrollPane(latency);
        latencyScroll.setFitToWidth(true);
        Tab latencyTab = new Tab("Latency", latencyScroll);
        latencyTab.setId("tab-latency");
        getTabs().addAll(kvTab, latencyTab);

        Table steps = data.result().table("steps");
        if (steps != null) {
            ResultTableView t = new ResultTableView(steps, toTime);
            tables.add(t);
            Tab stepsTab = new Tab("Steps", t);
            stepsTab.setId("tab-steps");
            getTabs().add(stepsTab);
        }
    }

    public Data data() {
        return data;
    }

    public KvCacheView kvCacheView() {
        return kvView;
    }

    /** The latency histogram viewers, in the order TTFT, TPOT, end-to-end (those with data). */
    public List<ChartViewer> histograms() {
        return histograms;
    }

    /** The tables shown: metrics, latency percentiles, steps (those with data). */
    public List<ResultTableView> tables() {
        return tables;
    }

    /** A two-column table (name, value formatted from its unit) of an analysis's scalar metrics. */
    static Table metricsTable(List<dev.parallax.analysis.Metric> metrics) {
        Table.Builder b = new Table.Builder("metrics", "Metrics").column("metric", "Metric").column("value", "Value");
        for (dev.parallax.analysis.Metric m : metrics) {
            b.newRow(null).set("metric", m.label())
                    .set("value", dev.parallax.analysis.UnitFormat.format(m.value(), m.unit())).add();
        }
        return b.build();
    }
}
