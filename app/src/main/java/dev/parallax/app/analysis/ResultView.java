package dev.parallax.app.analysis;

import dev.parallax.analysis.Metric;
import dev.parallax.analysis.UnitFormat;

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
    private final javafx.beans.property.ReadOnlyObjectWrapper<Result> result =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "result");
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
        this.result.set(r);
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
        if (!r.applies()) {
            Label reason = new Label("Does not apply: " + r.applicability().reason());
            reason.setId("not-applicable");
            reason.setWrapText(true);
            reason.setPadding(new Insets(8));
            Tab t = new Tab("Summary", reason);
            t.setId("tab-summary");
            tabs.getTabs().add(t);
            return;
        }
        Navigator nav = loc -> navigator.goTo(loc);
        findings = new FindingsView(r.findingsBySeverity(), nav);
        VBox summary = new VBox(8, metricsGrid(r.metricList()), new Label("Findings (" + r.findings().size() + ")"),
                findings);
        summary.setPadding(new Insets(6));
        Tab summaryTab = new Tab("Summary", summary);
        summaryTab.setId("tab-summary");
        tabs.getTabs().add(summaryTab);
        for (Chart c : r.charts()) {
            if (!c.isInformative()) {
                continue; // empty or constant data: the tables say it better than a flat chart
            }
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

    private static GridPane metricsGrid(List<Metric> metrics) {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(2);
        int row = 0;
        for (Metric m : metrics) {
            Label k = new Label(m.label());
            Label val = new Label(UnitFormat.format(m.value(), m.unit()));
            val.setStyle("-fx-font-weight: bold;");
            g.addRow(row++, k, val);
        }
        g.setId("metrics");
        return g;
    }

    public Result result() {
        return result.get();
    }

    /**
     * The result shown; the workbench listens to it to paint the result's overlays (compute, communication,
     * exposed-communication and idle lanes per rank) on the timeline.
     */
    public javafx.beans.property.ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
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
