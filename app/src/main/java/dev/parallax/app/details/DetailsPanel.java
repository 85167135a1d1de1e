package dev.parallax.app.details;

import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimeFormat;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows the selected slice: name, category, rank, process and track, start, end, duration, self time,
 * depth, its arguments, and the flows that leave or reach it as links that select the other end.
 */
public final class DetailsPanel extends ScrollPane {
    private final Label title = new Label("Nothing selected");
    private final GridPane grid = new GridPane();
    private final TableView<String[]> args = new TableView<>();
    private final VBox flows = new VBox(2);
    private final Label argsHeader = new Label("Arguments");
    private final Label flowsHeader = new Label("Flows");
    private final Consumer<SliceRef> navigate;
    private SliceRef shown;

    /** {@code navigate} is called with the other end of a flow link the user clicks. */
    public DetailsPanel(Consumer<SliceRef> navigate) {
        this.navigate = navigate;
        getStyleClass().add("details-panel");
        title.getStyleClass().add("details-title");
        title.setId("details-name");
        title.setWrapText(true);
        argsHeader.getStyleClass().add("section-header");
        flowsHeader.getStyleClass().add("section-header");
        ColumnConstraints k = new ColumnConstraints();
        k.setMinWidth(78);
        ColumnConstraints v = new ColumnConstraints();
        v.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(k, v);
        grid.setHgap(10);
        grid.setVgap(3);
        TableColumn<String[], String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[0]));
        key.setPrefWidth(130);
        TableColumn<String[], String> val = new TableColumn<>("Value");
        val.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[1]));
        val.setPrefWidth(200);
        args.getColumns().add(key);
        args.getColumns().add(val);
        args.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        args.setPrefHeight(220);
        args.setId("details-args");
        args.setPlaceholder(new Label("No arguments"));
        VBox box = new VBox(8, title, grid, argsHeader, args, flowsHeader, flows);
        box.setPadding(new Insets(10));
        setContent(box);
        setFitToWidth(true);
        show(null);
    }

    private List<SliceRef> correlatedShown = new ArrayList<>();

    /** Slices linked to the shown one by correlation id (empty when it has flows or no such id). */
    public List<SliceRef> correlated() {
        return correlatedShown;
    }

    /** The slice shown, or null. */
    public SliceRef shown() {
        return shown;
    }

    /** Shows {@code s} (null clears the panel). */
    public void show(SliceRef s) {
        shown = s;
        grid.getChildren().clear();
        args.getItems().clear();
        flows.getChildren().clear();
        boolean has = s != null;
        argsHeader.setVisible(has);
        args.setVisible(has);
        flowsHeader.setVisible(has);
        flowsHeader.setText("Flows and correlated slices");
        if (!has) {
            correlatedShown = new ArrayList<>();
            title.setText("Nothing selected");
            grid.add(dim("Click a slice to see its details; drag across tracks for an aggregate."), 0, 0, 2, 1);
            return;
        }
        Trace trace = s.trace();
        SliceTrack t = s.sliceTrack();
        int r = s.row();
        long origin = s.set().minTime();
        title.setText(trace.string(t.name(r)));
        int row = 0;
        row = add(row, "category", "Category", trace.string(t.category(r)));
        row = add(row, "rank", "Rank", String.valueOf(s.rank()));
        row = add(row, "process", "Process", t.info().processLabel());
        row = add(row, "track", "Track", t.info().label());
        row = add(row, "start", "Start", TimeFormat.duration(t.start(r) - origin) + "  (" + t.start(r) + " ns)");
        row = add(row, "end", "End", TimeFormat.duration(t.end(r) - origin));
        row = add(row, "duration", "Duration", TimeFormat.duration(t.duration(r)));
        row = add(row, "self", "Self time", TimeFormat.duration(SliceMetrics.selfTime(t, r)));
        add(row, "depth", "Depth", String.valueOf(t.depth(r)));
        if (t.args(r) >= 0) {
            for (Map.Entry<String, Object> e : trace.args().decode(t.args(r), trace.strings()).entrySet()) {
                args.getItems().add(new String[] {e.getKey(), String.valueOf(e.getValue())});
            }
        }
        FlowTable ft = trace.flows();
        List<Hyperlink> links = new ArrayList<>();
        for (int f : ft.outgoing(s.track(), r)) {
            links.add(link("→ ", new SliceRef(s.set(), s.member(), ft.toTrack(f), ft.toRow(f)), s, ft, f));
        }
        for (int f : ft.incoming(s.track(), r)) {
            links.add(link("← ", new SliceRef(s.set(), s.member(), ft.fromTrack(f), ft.fromRow(f)), s, ft, f));
        }
        correlatedShown = new ArrayList<>();
        if (links.isEmpty()) {
            for (CorrelatedSlices.Link c : CorrelatedSlices.of(trace, s.track(), r, CORRELATION_SCAN)) {
                SliceRef other = new SliceRef(s.set(), s.member(), c.track(), c.row());
                links.add(correlated(other, s));
                correlatedShown.add(other);
            }
        }
        if (links.isEmpty()) {
            flows.getChildren().add(dim("No flows"));
        } else {
            flows.getChildren().addAll(links);
        }
    }

    private Hyperlink link(String arrow, SliceRef other, SliceRef from, FlowTable ft, int f) {
        Trace trace = other.trace();
        SliceTrack ot = other.sliceTrack();
        long delta = ot.start(other.row()) - from.start();
        Hyperlink h = new Hyperlink(arrow + trace.string(ot.name(other.row())) + "  ·  " + ot.info().label() + "  ·  "
                + (delta >= 0 ? "+" : "−") + TimeFormat.duration(Math.abs(delta)) + "  [" + trace.string(ft.category(f))
                + "]");
        h.getStyleClass().add("flow-link");
        h.setWrapText(true);
        h.setOnAction(e -> navigate.accept(other));
        return h;
    }

    /** Rows scanned per track when looking for the slice with the same correlation id. */
    private static final int CORRELATION_SCAN = 50_000;

    private Hyperlink correlated(SliceRef other, SliceRef from) {
        SliceTrack ot = other.sliceTrack();
        long delta = ot.start(other.row()) - from.start();
        Hyperlink h = new Hyperlink("↔ " + other.name() + "  ·  " + ot.info().label() + "  ·  "
                + (delta >= 0 ? "+" : "−") + TimeFormat.duration(Math.abs(delta)) + "  [same correlation id]");
        h.getStyleClass().add("flow-link");
        h.setWrapText(true);
        h.setOnAction(e -> navigate.accept(other));
        return h;
    }

    /** The flow links shown (for keyboard users and tests). */
    public List<Hyperlink> flowLinks() {
        List<Hyperlink> out = new ArrayList<>();
        flows.getChildren().forEach(n -> {
            if (n instanceof Hyperlink h) {
                out.add(h);
            }
        });
        return out;
    }

    private int add(int row, String id, String key, String value) {
        Label k = dim(key);
        Label v = new Label(value);
        v.setId("details-" + id);
        v.setWrapText(true);
        v.getStyleClass().add("details-value");
        grid.add(k, 0, row);
        grid.add(v, 1, row);
        return row + 1;
    }

    private static Label dim(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.getStyleClass().add("dim");
        return l;
    }
}
