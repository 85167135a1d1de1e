package dev.parallax.app.cluster;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.app.analysis.ResultTableView;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobSections;
import dev.parallax.cluster.RankRecord;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The job view of a cluster job's result: the ranks × steps heatmap (step time or idle), and tabs for the
 * ranks, the overview with its findings, distributions, stragglers, steps, collective skew, nodes, stages and
 * unreadable ranks. A click on a rank anywhere selects it; "Open trace" hands the selected rank's
 * {@link RankRecord} to the opener (which opens its trace on the timeline).
 */
public final class JobView extends BorderPane {
    private final JobResult job;
    private final JobHeatmap heatmap;
    private final TabPane tabs = new TabPane();
    private final Button openTrace = new Button("Open trace");
    private final Label selection = new Label("Select a rank (heatmap, ranks, stragglers)");
    private final List<ResultView> views = new ArrayList<>();
    private final ResultTableView rankTable;

    public JobView(JobResult job, Consumer<RankRecord> opener) {
        this.job = job;
        setId("job-view");
        heatmap = new JobHeatmap(job.heatmap());
        Label title = new Label(String.format(Locale.ROOT, "Job %s — %d ranks (%d unreadable), %s, %.1f s",
                job.name(), job.ranks().size(), job.failedRanks().size(), job.engine(), job.wallNanos() / 1e9));
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        ToggleGroup mode = new ToggleGroup();
        ToggleButton time = new ToggleButton("Step time");
        ToggleButton idle = new ToggleButton("Idle %");
        time.setToggleGroup(mode);
        idle.setToggleGroup(mode);
        time.setSelected(true);
        mode.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                heatmap.showIdle(b == idle);
            }
        });
        openTrace.setId("job-open-trace");
        openTrace.setDisable(true);
        openTrace.setOnAction(e -> {
            RankRecord r = job.rank(heatmap.selectedRankProperty().get());
            if (r != null) {
                opener.accept(r);
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, title, gap, time, idle, selection, openTrace);
        bar.setPadding(new Insets(6));
        setTop(bar);
        rankTable = new ResultTableView(ranksTable(job), this::goTo);
        rankTable.setId("job-ranks");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().add(new Tab("Ranks", rankTable));
        for (Result r : JobSections.of(job)) {
            ResultView v = new ResultView(this::goTo);
            v.show(r);
            views.add(v);
            Tab t = new Tab(r.title(), v);
            t.setId("job-tab-" + r.analysisId());
            tabs.getTabs().add(t);
        }
        SplitPane split = new SplitPane(heatmap, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        setCenter(split);
        heatmap.selectedRankProperty().addListener((o, a, b) -> selected(b.intValue()));
    }

    private void goTo(Location loc) {
        if (loc != null && loc.rank() >= 0) {
            heatmap.selectedRankProperty().set(loc.rank());
        }
    }

    private void selected(int rank) {
        RankRecord r = job.rank(rank);
        openTrace.setDisable(r == null);
        if (r == null) {
            selection.setText("Select a rank");
            return;
        }
        selection.setText("Rank " + rank + " · " + r.node() + (r.ok() ? "" : " · unreadable"));
        openTrace.setText("Open rank " + rank + "'s trace");
    }

    /** Selects {@code rank} as a click would. */
    public void selectRank(int rank) {
        heatmap.selectedRankProperty().set(rank);
    }

    public int selectedRank() {
        return heatmap.selectedRankProperty().get();
    }

    public JobResult job() {
        return job;
    }

    public JobHeatmap heatmap() {
        return heatmap;
    }

    public ResultTableView rankTable() {
        return rankTable;
    }

    public TabPane tabs() {
        return tabs;
    }

    public Button openTraceButton() {
        return openTrace;
    }

    /** Every rank with its main figures; rows point at their rank. */
    static Table ranksTable(JobResult job) {
        Table.Builder t = new Table.Builder("ranks", "Ranks").column("rank", "Rank").column("node", "Node")
                .column("stage", "Stage").column("step_us", "Median step", Unit.US)
                .column("idle_pct", "Idle", Unit.PERCENT).column("exposed_us", "Exposed comm.", Unit.US)
                .column("last_arrivals", "Times last").column("status", "Status").column("path", "Trace");
        for (RankRecord r : job.ranks()) {
            t.row(Location.rank(r.rank()), r.rank(), r.node(), r.stage() < 0 ? null : r.stage(),
                    num(r.metric("steps.median_us")), num(r.metric("breakdown.idle_pct")),
                    num(r.metric("overlap.exposed_us")), num(r.metric("collectives.last_arrivals")),
                    r.ok() ? (r.diagnostics().isEmpty() ? "ok" : r.diagnostics().size() + " load notes") : r.error(),
                    r.path());
        }
        return t.build();
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
