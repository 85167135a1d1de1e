package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the timeline paints: the open trace sets, their track tree and layout, the visible time
 * window, the vertical scroll position, the selected slice, the area selection and the marked range.
 * Plain state on the UI thread; {@link TimelineView} turns input into changes of it.
 */
public final class TimelineModel {
    private final List<TraceSet> sets = new ArrayList<>();
    private final Map<TraceSet, List<Overlay>> overlays = new IdentityHashMap<>();
    private final TrackTree tree = new TrackTree();
    private final Viewport viewport = new Viewport();
    private TimelineLayout layout = TimelineLayout.of(tree);
    private double scrollY;
    private SliceRef selected;
    private AreaSelection area;
    private long markStart = -1;
    private long markEnd = -1;

    private boolean colorByEfficiency;

    public List<TraceSet> sets() {
        return sets;
    }

    public TrackTree tree() {
        return tree;
    }

    public Viewport viewport() {
        return viewport;
    }

    public TimelineLayout layout() {
        return layout;
    }

    /**
     * The offset of {@code set} on the shared axis: its earliest time. The timeline shows every set from its
     * own start (display time = trace time − offset), so traces recorded on different days or clocks line up
     * for comparison, while the ranks of one set stay aligned on their common clock.
     */
    public static long offset(TraceSet set) {
        return set.minTime();
    }

    /** Adds a trace set; the first one also sets the visible window to its whole range. */
    public void addSet(TraceSet set) {
        boolean first = sets.isEmpty();
        sets.add(set);
        rebuild();
        if (first) {
            viewport.showAll();
        }
    }

    public void removeSet(TraceSet set) {
        sets.remove(set);
        overlays.remove(set);
        if (selected != null && selected.set() == set) {
            selected = null;
        }
        area = null;
        rebuild();
    }

    /** Whether GPU kernels are painted by percent of roofline ({@link EfficiencyColors}) instead of by name. */
    public boolean colorByEfficiency() {
        return colorByEfficiency;
    }

    public void setColorByEfficiency(boolean on) {
        colorByEfficiency = on;
    }

    /** Whether any open set has the roofline analysis's efficiency overlay. */
    public boolean hasEfficiency() {
        return sets.stream().anyMatch(s -> EfficiencyColors.of(overlays(s)) != null);
    }

    public void setOverlays(TraceSet set, List<Overlay> list) {
        overlays.put(set, List.copyOf(list));
        rebuild();
    }

    public List<Overlay> overlays(TraceSet set) {
        return overlays.getOrDefault(set, List.of());
    }

    /** Rebuilds the tree and the layout (after sets, overlays change). */
    public void rebuild() {
        tree.rebuild(sets, overlays);
        long hi = 1_000_000;
        for (TraceSet s : sets) {
            hi = Math.max(hi, s.maxTime() - s.minTime());
        }
        viewport.setBounds(0, hi);
        relayout();
    }

    /** Recomputes the layout only (after collapse or pin changes). */
    public void relayout() {
        layout = TimelineLayout.of(tree);
    }

    public double scrollY() {
        return scrollY;
    }

    /** Sets the vertical scroll of the scrolling band, clamped to its content for a band of {@code bandHeight}. */
    public void setScrollY(double y, double bandHeight) {
        double max = Math.max(0, layout.contentHeight() - bandHeight + 20);
        scrollY = Math.max(0, Math.min(max, y));
    }

    public SliceRef selected() {
        return selected;
    }

    public void setSelected(SliceRef s) {
        selected = s;
        linked = List.of();
    }

    /** Slices linked to the selection other than by flow events (e.g. by correlation id), drawn as arrows. */
    public List<SliceRef> linked() {
        return linked;
    }

    public void setLinked(List<SliceRef> l) {
        linked = List.copyOf(l);
    }

    private List<SliceRef> linked = List.of();
    private long[] searchMarks;

    /** Sorted display times of search matches, marked on the ruler (null when none). */
    public long[] searchMarks() {
        return searchMarks;
    }

    public void setSearchMarks(long[] marks) {
        searchMarks = marks;
    }

    public AreaSelection area() {
        return area;
    }

    private TrackNode highlighted;

    /** The track highlighted from the track tree (drawn with an accent band), or null. */
    public TrackNode highlighted() {
        return highlighted;
    }

    public void setHighlighted(TrackNode n) {
        highlighted = n;
    }

    public void setArea(AreaSelection a) {
        area = a;
    }

    public boolean hasMark() {
        return markStart >= 0 && markEnd > markStart;
    }

    public long markStart() {
        return markStart;
    }

    public long markEnd() {
        return markEnd;
    }

    public void setMark(long t0, long t1) {
        markStart = t0;
        markEnd = t1;
    }

    public void clearMark() {
        markStart = -1;
        markEnd = -1;
    }
}
