package dev.parallax.app.analysis;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders ANY analysis {@link Result}: a summary tab (metrics and findings), one tab per table (sortable,
 * copy as TSV) and one per chart (JFreeChart). Clicks on findings, rows and rank bars go to the
 * {@link Navigator}. Overlays are not drawn here: the timeline paints them from {@link #result()}.
 */
public final class ResultView extends BorderPane {
    private final TabPane tabs = new TabPane();
    private final List<ResultTableView> tables = new ArrayList<>();
    private final List<ResultChartView> charts = new ArrayList<>();
    private Result result;
    private Navigator navigator;
    private FindingsView findings;

    public ResultView(Navigator navigator) {
        this.navigator = navigator;
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);
        setId("result-view");
    }

    public void setNavigator(Navigator navigator) {
        this.navigator = navigator;
    }

    /** Shows {@code r} (null clears the view). */
    public void show(Result r) {
        this.result = r;
        tabs.getTabs().clear();
        tables.clear();
        charts.clear();
        findings = null;
        if (r == null) {
            setTop(null);
            return;
        }
        Label title = new Label(r.title());
        title.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        title.setPadding(new Insets(4, 6, 4, 6));
        setTop(title);
        Navigator nav = loc -> navigator.goTo(loc);
        findings = new FindingsView(r.findingsBySeverity(), nav);
        VBox summary = new VBox(8, metricsGrid(r.metrics()), new Label("Findings (" + r.findings().size() + ")"),
                findings);
        summary.setPadding(new Insets(6));
        Tab summaryTab = new Tab("Summary", summary);
        summaryTab.setId("tab-summary");
        tabs.getTabs().add(summaryTab);
        for (Chart c : r.charts()) {
            ResultChartView v = new ResultChartView(c, nav);
            charts.add(v);
            Tab t = new Tab(c.title(), v);
            t.setId("tab-chart-" + c.id());
            tabs.getTabs().add(t);
        }
        for (Table t : r.tables()) {
            ResultTableView v = new ResultTableView(t, nav);
            tables.add(v);
            Tab tab = new Tab(t.title() + " (" + t.rows().size() + ")", v);
            tab.setId("tab-table-" + t.id());
            tabs.getTabs().add(tab);
        }
    }

    private static GridPane metricsGrid(Map<String, Object> metrics) {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(2);
        int row = 0;
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            Label k = new Label(e.getKey().replace('_', ' '));
            Object v = e.getValue();
            Label val = new Label(v == null ? "–" : v instanceof Double d
                    ? String.format(Locale.ROOT, e.getKey().endsWith("pct") ? "%.2f" : "%,.3f", d) : String.valueOf(v));
            val.setStyle("-fx-font-weight: bold;");
            g.addRow(row++, k, val);
        }
        g.setId("metrics");
        return g;
    }

    public Result result() {
        return result;
    }

    public TabPane tabs() {
        return tabs;
    }

    public List<ResultTableView> tableViews() {
        return tables;
    }

    public ResultTableView tableView(String id) {
        return tables.stream().filter(t -> t.table().id().equals(id)).findFirst().orElse(null);
    }

    public List<ResultChartView> chartViews() {
        return charts;
    }

    public FindingsView findingsView() {
        return findings;
    }
}
