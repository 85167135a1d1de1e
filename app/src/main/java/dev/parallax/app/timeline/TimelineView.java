package dev.parallax.app.timeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.query.RunIndex;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * The timeline: a {@link Canvas} painted by {@link TimelinePainter} from a {@link TimelineModel}, with a
 * vertical scroll bar, Perfetto's keys and mouse habits, click selection, drag area selection and
 * collapsible headers. Repaints at most once per frame, from an {@link AnimationTimer}, when something
 * changed (a dirty flag), never on every input event.
 *
 * <p>Keys: W/S zoom in/out at the mouse, A/D pan, F focus the selection, M mark the selection's range,
 * Esc clear; Ctrl+wheel zooms at the mouse, Shift+wheel pans, the wheel scrolls vertically.
 */
public final class TimelineView extends Region {
    private static final double ZOOM_STEP = 0.8;
    private static final double PAN_FRACTION = 0.1;
    private static final double DRAG_THRESHOLD = 4;

    private final TimelineModel model = new TimelineModel();
    private final TimelinePainter painter = new TimelinePainter();
    private final Canvas canvas = new Canvas(10, 10);
    private final ScrollBar vbar = new ScrollBar();
    private final ObjectProperty<SliceRef> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<AreaSelection> area = new SimpleObjectProperty<>(this, "area");
    private final ObjectProperty<SliceRef> hovered = new SimpleObjectProperty<>(this, "hovered");
    private final List<Runnable> viewportListeners = new ArrayList<>();
    private final List<Runnable> treeListeners = new ArrayList<>();
    private boolean dirty = true;
    private double mouseX = -1;
    private double pressX;
    private double pressY;
    private boolean dragging;
    private boolean syncingBar;
    private long frames;

    public TimelineView() {
        getStyleClass().add("timeline");
        vbar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, vbar);
        setFocusTraversable(true);
        setMinSize(200, 120);
        setPrefSize(1200, 700);
        vbar.valueProperty().addListener((o, a, b) -> {
            if (!syncingBar) {
                model.setScrollY(b.doubleValue(), bandHeight());
                markDirty();
            }
        });
        selected.addListener((o, a, b) -> {
            model.setSelected(b);
            markDirty();
        });
        area.addListener((o, a, b) -> {
            model.setArea(b);
            markDirty();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            mouseX = e.getX();
            hovered.set(hitSlice(e.getX(), e.getY()));
            canvas.setCursor(e.getX() < painter.gutterWidth() && headerAt(e.getY()) != null ? Cursor.HAND
                    : Cursor.DEFAULT);
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouseX = -1;
            hovered.set(null);
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onRelease);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        canvas.addEventHandler(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, this::onContextMenu);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty && getScene() != null) {
                    paintNow();
                }
            }
        }.start();
    }

    // ---- public API -------------------------------------------------------------------------------

    public TimelineModel model() {
        return model;
    }

    public TimelinePainter painter() {
        return painter;
    }

    public Canvas canvas() {
        return canvas;
    }

    /** The selected slice (null when none). */
    public ObjectProperty<SliceRef> selectedProperty() {
        return selected;
    }

    /** The slice under the mouse (null when none). */
    public ObjectProperty<SliceRef> hoveredProperty() {
        return hovered;
    }

    /** The current area selection (null when none). */
    public ObjectProperty<AreaSelection> areaProperty() {
        return area;
    }

    /** Sets slices linked to the selection other than by flows (drawn as arrows until the selection changes). */
    public void setLinked(List<SliceRef> links) {
        model.setLinked(links);
        markDirty();
    }

    /** Marks search matches (sorted display times; null clears) on the ruler. */
    public void setSearchMarks(long[] sortedDisplayTimes) {
        model.setSearchMarks(sortedDisplayTimes);
        markDirty();
    }

    /** Runs {@code r} after every change of the visible time window. */
    public void addViewportListener(Runnable r) {
        viewportListeners.add(r);
    }

    /** Runs {@code r} after the track tree changed (sets, overlays, collapse, pins). */
    public void addTreeListener(Runnable r) {
        treeListeners.add(r);
    }

    /** Frames painted so far. */
    public long frameCount() {
        return frames;
    }

    public void addSet(TraceSet set) {
        addSet(set, List.of());
    }

    /**
     * Adds a set with run indexes built beforehand off the UI thread ({@link RunIndex#forSet}), so even its
     * first frame is cheap; indexes still missing are built on a worker thread.
     */
    public void addSet(TraceSet set, List<RunIndex> prebuilt) {
        prebuilt.forEach(painter::putRunIndex);
        model.addSet(set);
        treeChanged();
        viewportChanged();
        indexRuns(set);
    }

    /** Builds run indexes of the set's large tracks on a worker thread; painting uses them once ready. */
    private void indexRuns(TraceSet set) {
        List<SliceTrack> big = new ArrayList<>();
        for (dev.parallax.trace.Trace t : set.traces()) {
            for (SliceTrack st : t.sliceTracks()) {
                if (st.size() >= RUN_INDEX_MIN_SLICES && !painter.hasRunIndex(st)) {
                    big.add(st);
                }
            }
        }
        if (big.isEmpty()) {
            return;
        }
        indexing += big.size();
        Thread worker = new Thread(() -> {
            for (SliceTrack st : big) {
                RunIndex idx = RunIndex.of(st);
                javafx.application.Platform.runLater(() -> {
                    indexing--;
                    if (model.sets().contains(set)) {
                        painter.putRunIndex(idx);
                        markDirty();
                    }
                });
            }
        }, "timeline-run-index");
        worker.setDaemon(true);
        worker.start();
    }

    /** Whether run indexes are still being built (painting is correct meanwhile, only slower). */
    public boolean isIndexing() {
        return indexing > 0;
    }

    private int indexing;

    /** Tracks with fewer slices than this are painted without a run index. */
    static final int RUN_INDEX_MIN_SLICES = RunIndex.MIN_SLICES;

    public void removeSet(TraceSet set) {
        model.removeSet(set);
        painter.clearCaches();
        if (selected.get() != null && selected.get().set() == set) {
            selected.set(null);
        }
        area.set(null);
        treeChanged();
    }

    /** Shows analysis overlays (e.g. compute / communication / overlap lanes) as rows under each rank of {@code set}. */
    public void setOverlays(TraceSet set, List<Overlay> overlays) {
        model.setOverlays(set, overlays);
        treeChanged();
    }

    /** Shows overlays for the most recently opened set. */
    public void setOverlays(List<Overlay> overlays) {
        TraceSet s = activeSet();
        if (s != null) {
            setOverlays(s, overlays);
        }
    }

    /** The most recently opened set, or null. */
    public TraceSet activeSet() {
        List<TraceSet> sets = model.sets();
        return sets.isEmpty() ? null : sets.get(sets.size() - 1);
    }

    /** Collapses or expands a group node. */
    public void setCollapsed(TrackNode n, boolean c) {
        if (model.tree().isCollapsed(n) != c) {
            model.tree().setCollapsed(n, c);
            model.relayout();
            treeChanged();
        }
    }

    /** Pins a track to the top band or unpins it. */
    public void setPinned(TrackNode n, boolean p) {
        model.tree().setPinned(n, p);
        model.relayout();
        treeChanged();
    }

    /** Recomputes the layout after collapse or pin flags were changed on the model's tree directly. */
    public void relayout() {
        model.relayout();
        treeChanged();
    }

    /** Expands the ancestors of {@code n} and scrolls its row to the top of the scrolling band. */
    public void scrollToNode(TrackNode n) {
        boolean changed = false;
        for (TrackNode p = n.parent(); p != null; p = p.parent()) {
            if (model.tree().isCollapsed(p)) {
                model.tree().setCollapsed(p, false);
                changed = true;
            }
        }
        if (changed) {
            relayout();
        }
        TimelineRow r = model.layout().rowOf(n);
        if (r != null && !r.pinned()) {
            scrollTo(r.y());
        }
    }

    /** Scrolls to {@code n} (as {@link #scrollToNode}) and highlights its row until another one is highlighted. */
    public void highlight(TrackNode n) {
        model.setHighlighted(n);
        if (n != null) {
            scrollToNode(n);
        }
        markDirty();
    }

    /** Shows the absolute range [t0, t1) of {@code set} (its own clock) across the track area. */
    public void showRange(TraceSet set, long t0, long t1) {
        long off = TimelineModel.offset(set);
        showRange(t0 - off, t1 - off);
    }

    /** Shows display times [t0, t1) (nanoseconds from the start of each set) across the track area. */
    public void showRange(long t0, long t1) {
        model.viewport().setWidth(trackWidth());
        model.viewport().show(t0, t1);
        viewportChanged();
    }

    /**
     * Fits the time window to {@code set} alone (from its own origin to its end, with a small margin): sets
     * share one axis from their own starts, so fitting all of them would make the shorter ones slivers.
     */
    public void fit(TraceSet set) {
        if (set == null || !model.sets().contains(set)) {
            showAll();
            return;
        }
        long span = Math.max(1_000, set.maxTime() - set.minTime());
        long margin = Math.max(1, span / 50);
        showRange(-margin, span + margin);
    }

    public void showAll() {
        model.viewport().setWidth(trackWidth());
        model.viewport().showAll();
        viewportChanged();
    }

    /** Zooms by {@code factor} (&lt; 1 zooms in) about track-area pixel {@code x}. */
    public void zoomAt(double x, double factor) {
        model.viewport().setWidth(trackWidth());
        model.viewport().zoomAt(x, factor);
        viewportChanged();
    }

    /** Pans by a number of pixels (positive: later). */
    public void pan(double pixels) {
        model.viewport().pan(pixels);
        viewportChanged();
    }

    /** Selects a slice, scrolls its row into view and, when it is off screen, centres it. */
    public void select(SliceRef s) {
        selected.set(s);
        if (s != null) {
            reveal(s);
        }
    }

    /**
     * Goes to a location of the trace set holding its rank (the most recently opened such set): zooms to its
     * time range and selects its slice when it names one.
     */
    public void goTo(Location loc) {
        for (int i = model.sets().size() - 1; i >= 0; i--) {
            TraceSet s = model.sets().get(i);
            if (loc.rank() < 0 || s.byRank(loc.rank()) != null) {
                goTo(s, loc);
                return;
            }
        }
    }

    /** Goes to a location of {@code set}. */
    public void goTo(TraceSet set, Location loc) {
        int member = memberOfRank(set, loc.rank());
        if (loc.trackId() >= 0 && loc.row() >= 0 && member >= 0) {
            SliceRef ref = new SliceRef(set, member, loc.trackId(), loc.row());
            selected.set(ref);
            long t0 = loc.hasTime() ? loc.start() : ref.start();
            long t1 = loc.hasTime() ? loc.end() : ref.end();
            showWithMargin(t0 - TimelineModel.offset(set), t1 - TimelineModel.offset(set));
            reveal(ref);
            return;
        }
        if (loc.hasTime()) {
            showWithMargin(loc.start() - TimelineModel.offset(set), loc.end() - TimelineModel.offset(set));
        }
        if (member >= 0) {
            for (TrackNode root : model.tree().roots()) {
                for (TrackNode rank : root.children()) {
                    if (rank.set() == set && rank.member() == member) {
                        TimelineRow r = model.layout().rowOf(rank);
                        if (r != null && !r.pinned()) {
                            scrollTo(r.y());
                        }
                    }
                }
            }
        }
    }

    private static int memberOfRank(TraceSet set, int rank) {
        for (int i = 0; i < set.size(); i++) {
            if (set.member(i).rank() == rank) {
                return i;
            }
        }
        return set.size() == 1 && rank < 0 ? 0 : -1;
    }

    /** Zooms to the selected slice or the area selection (Perfetto's F). */
    public void focusSelection() {
        SliceRef s = selected.get();
        if (s != null) {
            long off = TimelineModel.offset(s.set());
            showWithMargin(s.start() - off, s.end() - off);
            reveal(s);
        } else if (area.get() != null) {
            showWithMargin(area.get().t0(), area.get().t1());
        }
    }

    /** Marks the range of the selected slice or area (Perfetto's M). */
    public void markSelection() {
        SliceRef s = selected.get();
        if (s != null) {
            long off = TimelineModel.offset(s.set());
            model.setMark(s.start() - off, Math.max(s.end(), s.start() + 1) - off);
        } else if (area.get() != null) {
            model.setMark(area.get().t0(), area.get().t1());
        }
        markDirty();
    }

    /** Clears the selection, the area and the mark (Esc). */
    public void clearSelection() {
        selected.set(null);
        area.set(null);
        model.clearMark();
        markDirty();
    }

    /** The slice under canvas point (x, y), with a few pixels of tolerance for thin slices, or null. */
    public SliceRef hitSlice(double x, double y) {
        double gutter = painter.gutterWidth();
        if (x < gutter) {
            return null;
        }
        TimelineRow r = rowAtScreen(y);
        if (r == null || r.node().kind() != TrackNode.Kind.SLICES) {
            return null;
        }
        double rowTop = painter.rowScreenY(model, r, canvas.getHeight());
        int d = (int) Math.floor((y - rowTop - TimelineLayout.TRACK_PAD) / TimelineLayout.SLICE_HEIGHT);
        SliceTrack t = r.node().slices();
        if (d < 0 || d >= t.depthCount()) {
            return null;
        }
        Viewport vp = model.viewport();
        double tx = x - gutter;
        long tol = (long) Math.ceil(2 * vp.nsPerPixel());
        long off = TimelineModel.offset(r.node().set());
        long time = vp.time(tx) + off;
        int i = t.nextIndexEndingAfter(d, time - tol);
        int best = -1;
        double bestDist = Double.MAX_VALUE;
        for (; i < t.depthSize(d); i++) {
            int row = t.rowAtDepth(d, i);
            if (t.start(row) > time + tol) {
                break;
            }
            double x0 = vp.x(t.start(row) - off);
            double x1 = Math.max(x0 + 1, vp.x(t.end(row) - off));
            double dist = tx < x0 ? x0 - tx : tx > x1 ? tx - x1 : 0;
            if (dist < bestDist) {
                bestDist = dist;
                best = row;
            }
            if (dist == 0) {
                break;
            }
        }
        if (best < 0 || bestDist > 3) {
            return null;
        }
        TrackNode n = r.node();
        return new SliceRef(n.set(), n.member(), t.id(), best);
    }

    /** Canvas-space centre of a slice's visible part, or null when it is not on screen. */
    public double[] screenPoint(SliceRef s) {
        double[] b = painter.sliceBounds(model, s, canvas.getHeight());
        if (b == null) {
            return null;
        }
        double g = painter.gutterWidth();
        double x0 = Math.max(g, b[0]);
        double x1 = Math.min(canvas.getWidth(), b[0] + b[2]);
        if (x1 < x0) {
            return null;
        }
        return new double[] {(x0 + x1) / 2, b[1] + b[3] / 2};
    }

    /** The row at canvas y (pinned band first), or null. */
    public TimelineRow rowAtScreen(double y) {
        TimelineLayout l = model.layout();
        if (y < TimelineTheme.RULER_HEIGHT) {
            return null;
        }
        if (y < TimelineTheme.RULER_HEIGHT + l.pinnedHeight()) {
            return l.pinnedRowAt(y - TimelineTheme.RULER_HEIGHT);
        }
        return l.rowAt(y - painter.bandTop(model) + model.scrollY());
    }

    /** Paints immediately (the AnimationTimer calls this when dirty; the benchmark calls it directly). */
    public void paintNow() {
        dirty = false;
        frames++;
        painter.paint(canvas.getGraphicsContext2D(), model, canvas.getWidth(), canvas.getHeight());
    }

    public void markDirty() {
        dirty = true;
    }

    // ---- layout -----------------------------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double bw = vbar.prefWidth(-1);
        canvas.setWidth(Math.max(1, Math.floor(w - bw)));
        canvas.setHeight(Math.max(1, Math.floor(h)));
        canvas.relocate(0, 0);
        vbar.resizeRelocate(w - bw, 0, bw, h);
        double before = model.viewport().width();
        model.viewport().setWidth(trackWidth());
        if (before <= 1 && model.viewport().width() > 1 && !model.sets().isEmpty()) {
            model.viewport().showAll();
        }
        syncBar();
        markDirty();
    }

    private double trackWidth() {
        double cw = canvas.getWidth() > 10 ? canvas.getWidth() : Math.max(getWidth(), getPrefWidth()) - 16;
        return Math.max(1, cw - painter.gutterWidth());
    }

    private double bandHeight() {
        return Math.max(1, canvas.getHeight() - painter.bandTop(model));
    }

    private void syncBar() {
        syncingBar = true;
        double content = model.layout().contentHeight();
        double band = bandHeight();
        vbar.setMin(0);
        vbar.setMax(Math.max(0, content - band + 20));
        vbar.setVisibleAmount(band);
        vbar.setBlockIncrement(band * 0.9);
        vbar.setUnitIncrement(40);
        model.setScrollY(model.scrollY(), band);
        vbar.setValue(model.scrollY());
        syncingBar = false;
    }

    private void scrollTo(double y) {
        model.setScrollY(y, bandHeight());
        syncBar();
        markDirty();
    }

    private void reveal(SliceRef s) {
        TrackNode n = model.tree().nodeOf(s.sliceTrack());
        if (n == null) {
            return;
        }
        boolean expanded = false;
        for (TrackNode p = n.parent(); p != null; p = p.parent()) {
            if (model.tree().isCollapsed(p)) {
                model.tree().setCollapsed(p, false);
                expanded = true;
            }
        }
        if (expanded) {
            model.relayout();
            treeChanged();
        }
        TimelineRow r = model.layout().rowOf(n);
        if (r != null && !r.pinned()) {
            double band = bandHeight();
            double y = r.y() + TimelineLayout.TRACK_PAD + s.sliceTrack().depth(s.row()) * TimelineLayout.SLICE_HEIGHT;
            if (y < model.scrollY() || y + TimelineLayout.SLICE_HEIGHT > model.scrollY() + band) {
                scrollTo(y - band / 3);
            }
        }
        Viewport vp = model.viewport();
        long off = TimelineModel.offset(s.set());
        if (s.end() - off < vp.start() || s.start() - off > vp.end()) {
            long span = vp.end() - vp.start();
            long mid = (s.start() + s.end()) / 2 - off;
            vp.set(mid - span / 2, vp.nsPerPixel());
            viewportChanged();
        }
        markDirty();
    }

    private void showWithMargin(long t0, long t1) {
        long span = Math.max(1_000, t1 - t0);
        long margin = span / 10;
        showRange(t0 - margin, t0 + span + margin);
    }

    private void viewportChanged() {
        markDirty();
        for (Runnable r : viewportListeners) {
            r.run();
        }
    }

    private void treeChanged() {
        syncBar();
        markDirty();
        for (Runnable r : treeListeners) {
            r.run();
        }
    }

    // ---- input ------------------------------------------------------------------------------------

    private double anchorX() {
        double g = painter.gutterWidth();
        if (mouseX >= g && mouseX < canvas.getWidth()) {
            return mouseX - g;
        }
        return trackWidth() / 2;
    }

    private void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isControlDown() || e.isMetaDown() || e.isAltDown()) {
            return; // Ctrl+F, Ctrl+0, ... belong to the window's menu accelerators
        }
        KeyCode c = e.getCode();
        if (c == KeyCode.W) {
            zoomAt(anchorX(), ZOOM_STEP);
        } else if (c == KeyCode.S) {
            zoomAt(anchorX(), 1 / ZOOM_STEP);
        } else if (c == KeyCode.A) {
            pan(-trackWidth() * PAN_FRACTION);
        } else if (c == KeyCode.D) {
            pan(trackWidth() * PAN_FRACTION);
        } else if (c == KeyCode.F) {
            focusSelection();
        } else if (c == KeyCode.M) {
            markSelection();
        } else if (c == KeyCode.ESCAPE) {
            clearSelection();
        } else {
            return;
        }
        e.consume();
    }

    private void onScroll(ScrollEvent e) {
        if (e.isControlDown() || e.isMetaDown()) {
            double d = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            if (d != 0) {
                zoomAt(Math.max(0, e.getX() - painter.gutterWidth()), d > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
            }
        } else if (e.isShiftDown()) {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            pan(-d * 2);
        } else {
            if (e.getDeltaX() != 0) {
                pan(-e.getDeltaX() * 2);
            }
            scrollTo(model.scrollY() - e.getDeltaY() * 1.5);
        }
        e.consume();
    }

    /** Adds actions on a slice to its right-click menu (e.g. a what-if); null for none. */
    public void setSliceActions(java.util.function.Function<SliceRef, List<javafx.scene.control.MenuItem>> actions) {
        this.sliceActions = actions;
    }

    private java.util.function.Function<SliceRef, List<javafx.scene.control.MenuItem>> sliceActions;

    /** Right-click on a track: the slice's actions, pin or unpin it, or collapse its process. */
    private void onContextMenu(javafx.scene.input.ContextMenuEvent e) {
        TimelineRow r = rowAtScreen(e.getY());
        if (r == null) {
            return;
        }
        TrackNode n = r.node();
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        SliceRef hit = sliceActions == null ? null : hitSlice(e.getX(), e.getY());
        if (hit != null) {
            menu.getItems().addAll(sliceActions.apply(hit));
            if (!menu.getItems().isEmpty()) {
                menu.getItems().add(new javafx.scene.control.SeparatorMenuItem());
            }
        }
        if (!n.isGroup()) {
            boolean pinned = model.tree().isPinned(n);
            javafx.scene.control.MenuItem pin = new javafx.scene.control.MenuItem(pinned ? "Unpin" : "Pin to top");
            pin.setOnAction(a -> setPinned(n, !pinned));
            menu.getItems().add(pin);
            if (n.parent() != null) {
                javafx.scene.control.MenuItem collapse = new javafx.scene.control.MenuItem(
                        "Collapse " + n.parent().label());
                collapse.setOnAction(a -> setCollapsed(n.parent(), true));
                menu.getItems().add(collapse);
            }
        } else {
            boolean c = model.tree().isCollapsed(n);
            javafx.scene.control.MenuItem toggle = new javafx.scene.control.MenuItem(c ? "Expand" : "Collapse");
            toggle.setOnAction(a -> setCollapsed(n, !c));
            menu.getItems().add(toggle);
        }
        if (model.hasEfficiency()) {
            javafx.scene.control.CheckMenuItem eff = new javafx.scene.control.CheckMenuItem(
                    "Colour kernels by roofline efficiency");
            eff.setSelected(model.colorByEfficiency());
            eff.setOnAction(a -> {
                model.setColorByEfficiency(eff.isSelected());
                markDirty();
            });
            menu.getItems().add(eff);
        }
        menu.show(canvas, e.getScreenX(), e.getScreenY());
        e.consume();
    }

    private TimelineRow headerAt(double y) {
        TimelineRow r = rowAtScreen(y);
        return r != null && r.node().isGroup() ? r : null;
    }

    private void onPress(MouseEvent e) {
        requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        dragging = false;
    }

    private void onDrag(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || pressX < painter.gutterWidth()) {
            return;
        }
        if (!dragging && Math.hypot(e.getX() - pressX, e.getY() - pressY) < DRAG_THRESHOLD) {
            return;
        }
        dragging = true;
        area.set(areaBetween(pressX, pressY, e.getX(), e.getY()));
    }

    private void onRelease(MouseEvent e) {
        if (dragging) {
            dragging = false;
            area.set(areaBetween(pressX, pressY, e.getX(), e.getY()));
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        TimelineRow header = headerAt(e.getY());
        if (header != null) {
            setCollapsed(header.node(), !model.tree().isCollapsed(header.node()));
            return;
        }
        SliceRef hit = hitSlice(e.getX(), e.getY());
        selected.set(hit);
        if (hit != null) {
            area.set(null);
        }
    }

    /** The area between two canvas points: their time range and every leaf row between their y positions. */
    public AreaSelection areaBetween(double xa, double ya, double xb, double yb) {
        double g = painter.gutterWidth();
        Viewport vp = model.viewport();
        long t0 = vp.time(Math.max(0, Math.min(xa, xb) - g));
        long t1 = vp.time(Math.max(0, Math.max(xa, xb) - g));
        double top = Math.min(ya, yb);
        double bottom = Math.max(ya, yb);
        List<TrackNode> tracks = new ArrayList<>();
        for (TimelineRow r : model.layout().pinnedRows()) {
            double y = TimelineTheme.RULER_HEIGHT + r.y();
            if (y + r.height() > top && y < bottom) {
                tracks.add(r.node());
            }
        }
        double band = painter.bandTop(model);
        double cTop = Math.max(band, top) - band + model.scrollY();
        double cBottom = bottom - band + model.scrollY();
        List<TimelineRow> rows = model.layout().rows();
        if (bottom > band) {
            for (int i = model.layout().firstRowBelow(cTop); i < rows.size() && rows.get(i).y() < cBottom; i++) {
                TrackNode n = rows.get(i).node();
                if (!n.isGroup()) {
                    tracks.add(n);
                } else if (model.tree().isCollapsed(n)) {
                    n.collectLeaves(tracks);
                }
            }
        }
        return new AreaSelection(t0, Math.max(t1, t0 + 1), tracks);
    }
}
