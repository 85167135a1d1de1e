package dev.parallax.app.diff;

import dev.parallax.analysis.Table;
import dev.parallax.analysis.diff.Comparison;
import dev.parallax.analysis.diff.RunProfile;
import dev.parallax.app.analysis.Navigator;
import dev.parallax.app.analysis.ResultTableView;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineModel;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Two runs on one screen: A's timeline above B's, the same scale, B shifted so that the first paired steps start
 * at the same x, zoom and pan synchronised ({@link ViewportSync}); below them the comparison's result (summary,
 * findings and the tables in tabs). A click on a table row selects the matching slices on both timelines (the
 * kernel's or operator's instances, or the step) and aligns the two sides on them. A file dropped on either
 * timeline replaces that side.
 */
public final class CompareView extends BorderPane {
    /** Most slices linked to a selection on one side (the rest are still marked on the ruler). */
    private static final int MAX_LINKED = 500;

    private final TimelineView timelineA = new TimelineView();
    private final TimelineView timelineB = new TimelineView();
    private final Label labelA = new Label();
    private final Label labelB = new Label();
    private final ResultView resultView = new ResultView(Navigator.none());
    private final ViewportSync sync = new ViewportSync(timelineA.model().viewport(), timelineB.model().viewport(), 0);
    private Comparison comparison;
    private DiffSelection selection;
    private TraceSet setA;
    private TraceSet setB;

    /** @param dropped called with (true for A / false for B, the dropped path) when a file is dropped on a side */
    public CompareView(BiConsumer<Boolean, Path> dropped) {
        setId("compare-view");
        timelineA.setId("compare-timeline-a");
        timelineB.setId("compare-timeline-b");
        labelA.setPadding(new Insets(2, 6, 2, 6));
        labelB.setPadding(new Insets(2, 6, 2, 6));
        VBox a = new VBox(labelA, timelineA);
        VBox b = new VBox(labelB, timelineB);
        VBox.setVgrow(timelineA, Priority.ALWAYS);
        VBox.setVgrow(timelineB, Priority.ALWAYS);
        timelineA.setPrefHeight(260);
        timelineB.setPrefHeight(260);
        SplitPane split = new SplitPane(a, b, resultView);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.3, 0.6);
        setCenter(split);
        timelineA.addViewportListener(() -> {
            if (sync.fromA()) {
                timelineB.markDirty();
            }
        });
        timelineB.addViewportListener(() -> {
            if (sync.fromB()) {
                timelineA.markDirty();
            }
        });
        acceptDrops(timelineA, true, dropped);
        acceptDrops(timelineB, false, dropped);
    }

    private static void acceptDrops(TimelineView view, boolean sideA, BiConsumer<Boolean, Path> dropped) {
        view.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        view.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            e.setDropCompleted(!files.isEmpty());
            e.consume();
            if (!files.isEmpty()) {
                dropped.accept(sideA, files.get(0).toPath());
            }
        });
    }

    /** Shows {@code c}, the comparison of {@code a} (baseline) with {@code b}. */
    public void show(TraceSet a, TraceSet b, Comparison c) {
        if (setA != null) {
            timelineA.removeSet(setA);
        }
        if (setB != null) {
            timelineB.removeSet(setB);
        }
        setA = a;
        setB = b;
        comparison = c;
        selection = new DiffSelection(c, a, b);
        labelA.setText("A (baseline): " + a.name());
        labelB.setText("B: " + b.name());
        timelineA.addSet(a);
        timelineB.addSet(b);
        resultView.show(c.result());
        for (ResultTableView tv : resultView.tableViews()) {
            tv.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
                if (row != null) {
                    showRow(tv.table(), row);
                }
            });
        }
        alignFirstSteps();
    }

    /** Aligns the first paired windows of the first rank pair and shows A's window. */
    public void alignFirstSteps() {
        if (comparison == null || comparison.pairs().isEmpty()) {
            return;
        }
        Comparison.RankPair p = comparison.pairs().get(0);
        if (p.a().windows().isEmpty() || p.b().windows().isEmpty()) {
            return;
        }
        RunProfile.Window wa = p.a().windows().get(0);
        RunProfile.Window wb = p.b().windows().get(0);
        long endA = p.a().windows().get(p.a().windows().size() - 1).end();
        timelineA.showRange(setA, wa.start(), Math.max(endA, wa.start() + Math.max(wb.length(), wa.length())));
        sync.align(wa.start() - TimelineModel.offset(setA), wb.start() - TimelineModel.offset(setB));
        timelineB.markDirty();
    }

    /** Selects and marks what row {@code row} of {@code table} stands for on both sides. */
    public DiffSelection.Match showRow(Table table, int row) {
        DiffSelection.Match m = selection.of(table, row);
        mark(timelineA, setA, m.a());
        mark(timelineB, setB, m.b());
        DiffSelection.Side anchorA = m.a().hasRange() ? m.a() : null;
        DiffSelection.Side anchorB = m.b().hasRange() ? m.b() : null;
        if (anchorA != null) {
            long len = anchorA.end() - anchorA.start();
            if (anchorB != null) {
                len = Math.max(len, anchorB.end() - anchorB.start());
            }
            timelineA.showRange(setA, anchorA.start(), anchorA.start() + Math.max(1, len));
            if (anchorB != null) {
                sync.align(anchorA.start() - TimelineModel.offset(setA), anchorB.start() - TimelineModel.offset(setB));
                timelineB.markDirty();
            }
        } else if (anchorB != null) {
            timelineB.showRange(setB, anchorB.start(), anchorB.end());
        }
        return m;
    }

    private static void mark(TimelineView view, TraceSet set, DiffSelection.Side side) {
        List<SliceRef> s = side.slices();
        if (s.isEmpty()) {
            view.clearSelection();
            view.setLinked(List.of());
            view.setSearchMarks(null);
            return;
        }
        view.selectedProperty().set(s.get(0));
        view.setLinked(new ArrayList<>(s.subList(1, Math.min(s.size(), MAX_LINKED))));
        long off = TimelineModel.offset(set);
        long[] marks = new long[s.size()];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = s.get(i).start() - off;
        }
        Arrays.sort(marks);
        view.setSearchMarks(marks);
    }

    public TimelineView timelineA() {
        return timelineA;
    }

    public TimelineView timelineB() {
        return timelineB;
    }

    public ResultView resultView() {
        return resultView;
    }

    public ViewportSync sync() {
        return sync;
    }

    public Comparison comparison() {
        return comparison;
    }
}
