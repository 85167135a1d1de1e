package dev.parallax.app.timeline;

import dev.parallax.trace.SliceTrack;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vertical layout of the timeline: pinned tracks in a fixed band under the ruler, then every visible
 * header and track of the {@link TrackTree} in a scrolling band. Row lookup by y is a binary search, so
 * painting touches only the visible rows.
 */
public final class TimelineLayout {
    /** Height of one nesting level of slices. */
    public static final double SLICE_HEIGHT = 18;
    /** Padding above and below the slices of a track. */
    public static final double TRACK_PAD = 3;
    public static final double COUNTER_HEIGHT = 42;
    public static final double OVERLAY_HEIGHT = 16;
    public static final double SET_HEADER = 26;
    public static final double RANK_HEADER = 24;
    public static final double PROCESS_HEADER = 21;

    private final List<TimelineRow> pinned = new ArrayList<>();
    private final List<TimelineRow> rows = new ArrayList<>();
    private final Map<TrackNode, TimelineRow> byNode = new IdentityHashMap<>();
    private double pinnedHeight;
    private double contentHeight;

    /** Lays out {@code tree}. */
    public static TimelineLayout of(TrackTree tree) {
        TimelineLayout l = new TimelineLayout();
        for (TrackNode root : tree.roots()) {
            l.addPinned(tree, root);
        }
        for (TrackNode root : tree.roots()) {
            l.add(tree, root, 0);
        }
        return l;
    }

    private void addPinned(TrackTree tree, TrackNode n) {
        if (!n.isGroup()) {
            if (tree.isPinned(n)) {
                TimelineRow r = new TimelineRow(n, pinnedHeight, heightOf(n), 0, true);
                pinned.add(r);
                byNode.put(n, r);
                pinnedHeight += r.height();
            }
            return;
        }
        for (TrackNode c : n.children()) {
            addPinned(tree, c);
        }
    }

    private void add(TrackTree tree, TrackNode n, int level) {
        if (!n.isGroup() && tree.isPinned(n)) {
            return;
        }
        TimelineRow r = new TimelineRow(n, contentHeight, heightOf(n), level, false);
        rows.add(r);
        byNode.putIfAbsent(n, r);
        contentHeight += r.height();
        if (n.isGroup() && !tree.isCollapsed(n)) {
            for (TrackNode c : n.children()) {
                add(tree, c, level + 1);
            }
        }
    }

    /** Height in pixels of the row of node {@code n}. */
    public static double heightOf(TrackNode n) {
        switch (n.kind()) {
            case SET:
                return SET_HEADER;
            case RANK:
                return RANK_HEADER;
            case PROCESS:
                return PROCESS_HEADER;
            case COUNTER:
                return COUNTER_HEIGHT;
            case OVERLAY:
                return OVERLAY_HEIGHT;
            default:
                SliceTrack t = n.slices();
                return Math.max(1, t.depthCount()) * SLICE_HEIGHT + 2 * TRACK_PAD;
        }
    }

    public List<TimelineRow> pinnedRows() {
        return pinned;
    }

    public List<TimelineRow> rows() {
        return rows;
    }

    public double pinnedHeight() {
        return pinnedHeight;
    }

    /** Height of the scrolling band's content. */
    public double contentHeight() {
        return contentHeight;
    }

    /** The row showing {@code n} (pinned rows first), or null when hidden. */
    public TimelineRow rowOf(TrackNode n) {
        return byNode.get(n);
    }

    /** Index of the first scrolling row whose bottom is below content position {@code y}. */
    public int firstRowBelow(double y) {
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rows.get(mid).bottom() > y) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The scrolling row at content position {@code y}, or null. */
    public TimelineRow rowAt(double y) {
        int i = firstRowBelow(y);
        if (i < rows.size() && rows.get(i).y() <= y) {
            return rows.get(i);
        }
        return null;
    }

    /** The pinned row at pinned-band position {@code y}, or null. */
    public TimelineRow pinnedRowAt(double y) {
        for (TimelineRow r : pinned) {
            if (y >= r.y() && y < r.bottom()) {
                return r;
            }
        }
        return null;
    }
}
