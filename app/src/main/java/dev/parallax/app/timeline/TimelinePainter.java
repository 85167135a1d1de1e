package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.parallax.app.timeline.TimelineTheme.*;

/**
 * Paints a {@link TimelineModel} on a canvas: ruler, pinned band, scrolling band of headers and tracks,
 * area selection, marks, selected slice and its flow arrows.
 *
 * <p>The cost of a frame is O(visible rows × pixels), independent of the number of events: each depth of a
 * slice track is walked with {@link SliceTrack#nextIndexEndingAfter}, drawing slices wider than a pixel
 * one by one and jumping over runs of sub-pixel slices to the next pixel boundary, so such a run becomes
 * one merged block; counters take one min/max pyramid query per pixel column
 * ({@link CounterTrack#minMax}).
 */
public final class TimelinePainter {
    private final SlicePalette palette = new SlicePalette();
    private final Map<String, Color> hintColors = new HashMap<>();
    private TextFit labelFit;
    private TextFit headerFit;
    private double gutter = DEFAULT_GUTTER;
    private double[] polyX = new double[0];
    private double[] polyY = new double[0];
    private long rectCount;

    public double gutterWidth() {
        return gutter;
    }

    public void setGutterWidth(double w) {
        gutter = w;
    }

    /** Rectangles filled by the last {@link #paint} (for the benchmark's report). */
    public long lastRectCount() {
        return rectCount;
    }

    /** Forgets cached colours (after trace sets are closed). */
    public void clearCaches() {
        palette.clear();
    }

    /** Top of the scrolling band in canvas pixels. */
    public double bandTop(TimelineModel m) {
        return RULER_HEIGHT + m.layout().pinnedHeight();
    }

    /** Paints the whole canvas. */
    public void paint(GraphicsContext gc, TimelineModel m, double width, double height) {
        if (labelFit == null) {
            labelFit = new TextFit(LABEL);
            headerFit = new TextFit(HEADER);
        }
        rectCount = 0;
        Viewport vp = m.viewport();
        vp.setWidth(width - gutter);
        gc.setFill(BACKGROUND);
        gc.fillRect(0, 0, width, height);
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.LEFT);

        long step = TimeTicks.step(vp.nsPerPixel(), 110);
        paintGrid(gc, m, width, height, step);

        TimelineLayout layout = m.layout();
        double top = bandTop(m);
        // No clip (a clip path costs a full-canvas mask per frame in the software pipeline): rows that
        // reach above the band are covered by the pinned band and the ruler, painted afterwards.
        List<TimelineRow> rows = layout.rows();
        double scroll = m.scrollY();
        for (int i = layout.firstRowBelow(scroll); i < rows.size(); i++) {
            TimelineRow r = rows.get(i);
            double y = top + r.y() - scroll;
            if (y > height) {
                break;
            }
            paintRow(gc, m, r, y, width, i);
        }
        if (!layout.pinnedRows().isEmpty()) {
            gc.setFill(BACKGROUND);
            gc.fillRect(0, RULER_HEIGHT, width, layout.pinnedHeight());
            int i = 0;
            for (TimelineRow r : layout.pinnedRows()) {
                paintRow(gc, m, r, RULER_HEIGHT + r.y(), width, i++);
            }
            gc.setFill(ACCENT);
            gc.fillRect(0, top - 1, width, 1);
        }
        paintArea(gc, m, width, height);
        paintMarks(gc, m, height);
        paintSelection(gc, m, width, height);
        paintRuler(gc, m, width, step);
    }

    // ---- grid and ruler -------------------------------------------------------------------------

    private void paintGrid(GraphicsContext gc, TimelineModel m, double width, double height, long step) {
        Viewport vp = m.viewport();
        gc.setFill(GRID);
        for (long t = TimeTicks.firstTick(vp.start() - m.origin(), step) + m.origin(); t <= vp.end(); t += step) {
            double x = gutter + Math.floor(vp.x(t));
            if (x >= gutter) {
                gc.fillRect(x, RULER_HEIGHT, 1, height - RULER_HEIGHT);
            }
        }
    }

    private void paintRuler(GraphicsContext gc, TimelineModel m, double width, long step) {
        Viewport vp = m.viewport();
        gc.setFill(RULER);
        gc.fillRect(0, 0, width, RULER_HEIGHT);
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(0, RULER_HEIGHT - 1, width, 1);
        gc.setFont(SMALL);
        gc.setFill(TEXT_DIM);
        gc.fillText("scale " + TimeFormat.duration(vp.nsPerPixel()) + "/px", 10, RULER_HEIGHT / 2);
        long minor = step % 5 == 0 ? step / 5 : step / 2;
        if (minor > 0) {
            gc.setFill(GUTTER_BORDER);
            for (long t = TimeTicks.firstTick(vp.start() - m.origin(), minor) + m.origin(); t <= vp.end();
                 t += minor) {
                double x = gutter + Math.floor(vp.x(t));
                if (x >= gutter) {
                    gc.fillRect(x, RULER_HEIGHT - 6, 1, 5);
                }
            }
        }
        gc.setFont(LABEL);
        for (long t = TimeTicks.firstTick(vp.start() - m.origin(), step) + m.origin(); t <= vp.end(); t += step) {
            double x = gutter + Math.floor(vp.x(t));
            if (x < gutter) {
                continue;
            }
            gc.setFill(TEXT_DIM);
            gc.fillRect(x, RULER_HEIGHT - 12, 1, 11);
            gc.setFill(TEXT);
            gc.fillText(TimeFormat.tick(t - m.origin(), step), x + 4, 11);
        }
        if (m.hasMark()) {
            double x0 = gutter + Math.max(0, vp.x(m.markStart()));
            double x1 = gutter + Math.min(vp.width(), vp.x(m.markEnd()));
            if (x1 > x0) {
                gc.setFill(MARK_EDGE.deriveColor(0, 1, 1, 0.35));
                gc.fillRect(x0, RULER_HEIGHT - 8, x1 - x0, 7);
                String d = TimeFormat.duration(m.markEnd() - m.markStart());
                gc.setFill(MARK_EDGE);
                gc.setFont(SMALL);
                gc.fillText(d, Math.max(gutter + 2, (x0 + x1) / 2 - labelFit.width(d) / 2), RULER_HEIGHT - 18);
            }
        }
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(gutter - 1, 0, 1, RULER_HEIGHT);
    }

    // ---- rows -----------------------------------------------------------------------------------

    private void paintRow(GraphicsContext gc, TimelineModel m, TimelineRow r, double y, double width, int index) {
        TrackNode n = r.node();
        double h = r.height();
        switch (n.kind()) {
            case SET:
            case RANK:
            case PROCESS:
                paintHeader(gc, m, r, y, width);
                return;
            default:
                break;
        }
        if ((index & 1) == 1) {
            gc.setFill(TRACK_ALT);
            gc.fillRect(gutter, y, width - gutter, h);
        }
        switch (n.kind()) {
            case SLICES:
                paintSlices(gc, m.viewport(), n.trace(), n.slices(), y, width);
                break;
            case COUNTER:
                paintCounter(gc, m.viewport(), n.counter(), y, h, width);
                break;
            default:
                paintLane(gc, m.viewport(), n.lane(), y, h, width);
                break;
        }
        gc.setFill(GUTTER);
        gc.fillRect(0, y, gutter, h);
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(0, y + h - 1, width, 1);
        gc.fillRect(gutter - 1, y, 1, h);
        double indent = 14 + 12 * r.level();
        if (r.pinned()) {
            gc.setFill(ACCENT);
            gc.fillRect(0, y, 3, h - 1);
        }
        gc.setFont(LABEL);
        gc.setFill(TEXT);
        double ly = y + Math.min(h, TimelineLayout.SLICE_HEIGHT + 2 * TimelineLayout.TRACK_PAD) / 2;
        gc.fillText(labelFit.fit(n.label(), gutter - indent - 8), indent, ly);
        if (n.kind() == TrackNode.Kind.COUNTER && n.counter().size() > 0) {
            gc.setFont(SMALL);
            gc.setFill(TEXT_DIM);
            gc.fillText(labelFit.fit("max " + number(n.counter().maxValue()), gutter - indent - 8), indent,
                    ly + 14);
        } else if (n.kind() == TrackNode.Kind.SLICES && h > 2 * TimelineLayout.SLICE_HEIGHT) {
            gc.setFont(SMALL);
            gc.setFill(TEXT_DIM);
            gc.fillText(String.format("%,d slices", n.slices().size()), indent, ly + 14);
        }
    }

    private void paintHeader(GraphicsContext gc, TimelineModel m, TimelineRow r, double y, double width) {
        TrackNode n = r.node();
        double h = r.height();
        gc.setFill(n.kind() == TrackNode.Kind.SET ? SET_HEADER
                : n.kind() == TrackNode.Kind.RANK ? RANK_HEADER : PROCESS_HEADER);
        gc.fillRect(0, y, width, h);
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(0, y + h - 1, width, 1);
        boolean collapsed = m.tree().isCollapsed(n);
        double indent = 6 + 12 * r.level();
        gc.setFill(TEXT_DIM);
        double cy = y + h / 2;
        if (collapsed) {
            gc.fillPolygon(new double[] {indent, indent + 7, indent}, new double[] {cy - 4, cy, cy + 4}, 3);
        } else {
            gc.fillPolygon(new double[] {indent - 1, indent + 7, indent + 3}, new double[] {cy - 3, cy - 3, cy + 3},
                    3);
        }
        boolean bold = n.kind() != TrackNode.Kind.PROCESS;
        gc.setFont(bold ? HEADER : LABEL);
        gc.setFill(n.kind() == TrackNode.Kind.SET ? ACCENT.brighter() : TEXT);
        TextFit fit = bold ? headerFit : labelFit;
        double room = n.kind() == TrackNode.Kind.PROCESS ? gutter - indent - 20 : width - indent - 20;
        gc.fillText(fit.fit(n.label(), room), indent + 13, cy);
    }

    /** Paints every depth of a slice track with pixel skip-ahead. */
    private void paintSlices(GraphicsContext gc, Viewport vp, Trace trace, SliceTrack t, double top, double width) {
        StringPool pool = trace.strings();
        long t0 = vp.start();
        long t1 = vp.end();
        double right = width - gutter;
        double sh = TimelineLayout.SLICE_HEIGHT;
        gc.setFont(LABEL);
        int lastColor = -1;
        for (int d = 0; d < t.depthCount(); d++) {
            double y = top + TimelineLayout.TRACK_PAD + d * sh;
            int n = t.depthSize(d);
            int i = t.nextIndexEndingAfter(d, t0);
            while (i < n) {
                int r = t.rowAtDepth(d, i);
                long s = t.start(r);
                if (s >= t1) {
                    break;
                }
                double x0 = vp.x(s);
                double x1 = vp.x(s + t.duration(r));
                int ci = palette.index(pool, t.name(r));
                if (x1 - x0 >= 1.0) {
                    double a = Math.max(-2, x0);
                    double b = Math.min(right + 2, x1);
                    if (ci != lastColor) {
                        gc.setFill(SlicePalette.fill(ci));
                        lastColor = ci;
                    }
                    gc.fillRect(gutter + a, y, b - a, sh - 1);
                    rectCount++;
                    if (b - a > 22) {
                        String label = labelFit.fit(pool.get(t.name(r)), b - a - 8);
                        if (!label.isEmpty()) {
                            gc.setFill(SlicePalette.text(ci));
                            gc.fillText(label, gutter + a + 4, y + sh / 2 - 0.5);
                            lastColor = -1;
                        }
                    }
                    i++;
                    continue;
                }
                // A run of sub-pixel slices: one block, jumping to the next pixel boundary each time.
                double bx0 = Math.floor(x0);
                double bx1 = Math.floor(x1) + 1;
                while (true) {
                    int j = nextEndingAfter(t, d, i, n, vp.time(bx1));
                    i = Math.max(j, i + 1);
                    if (i >= n) {
                        break;
                    }
                    int r2 = t.rowAtDepth(d, i);
                    long s2 = t.start(r2);
                    double sx0 = vp.x(s2);
                    double sx1 = vp.x(s2 + t.duration(r2));
                    if (sx1 - sx0 < 1.0 && sx0 < bx1 + 1) {
                        bx1 = Math.max(bx1, Math.floor(sx1) + 1);
                        continue;
                    }
                    break;
                }
                double a = Math.max(-2, bx0);
                double b = Math.min(right + 2, bx1);
                if (b > a) {
                    if (ci != lastColor) {
                        gc.setFill(SlicePalette.fill(ci));
                        lastColor = ci;
                    }
                    gc.fillRect(gutter + a, y, b - a, sh - 1);
                    rectCount++;
                }
            }
        }
    }

    /**
     * Index of the first slice at depth {@code d}, from {@code from} on, ending after {@code t}: a galloping
     * search (1, 2, 4, ... ahead, then binary search in the last step), cheap when the answer is close, as it
     * is when a dense run advances pixel by pixel.
     */
    private static int nextEndingAfter(SliceTrack t, int d, int from, int n, long t0) {
        if (from >= n || t.end(t.rowAtDepth(d, from)) > t0) {
            return from;
        }
        int lo = from;
        int step = 1;
        int hi = from + 1;
        while (hi < n && t.end(t.rowAtDepth(d, hi)) <= t0) {
            lo = hi;
            step <<= 1;
            hi = from + step;
        }
        if (hi >= n) {
            hi = n;
        }
        // invariant: end(lo) <= t0, end(hi) > t0 or hi == n
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (t.end(t.rowAtDepth(d, mid)) > t0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** Paints a counter as a step area chart of each pixel column's maximum. */
    private void paintCounter(GraphicsContext gc, Viewport vp, CounterTrack c, double top, double h, double width) {
        int n = c.size();
        if (n == 0) {
            return;
        }
        double lo = Math.min(0, c.minValue());
        double hi = c.maxValue();
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double y0 = top + h - 3;
        double scale = (h - 8) / (hi - lo);
        int cols = (int) Math.ceil(width - gutter);
        ensurePoly(2 * cols + 4);
        int k = 0;
        long last = c.time(n - 1);
        int i0 = c.firstIndexAtOrAfter(vp.time(0));
        double firstX = -1;
        double lastX = -1;
        for (int x = 0; x < cols; x++) {
            long ta = vp.time(x);
            long tb = vp.time(x + 1);
            if (ta > last) {
                break;
            }
            int i1 = c.firstIndexAtOrAfter(tb);
            double v = i0 > 0 ? c.value(i0 - 1) : Double.NaN;
            if (i1 > i0) {
                double mx = c.minMax(i0, i1)[1];
                v = Double.isNaN(v) ? mx : Math.max(v, mx);
            }
            i0 = i1;
            if (Double.isNaN(v)) {
                continue;
            }
            double y = y0 - (v - lo) * scale;
            if (firstX < 0) {
                firstX = x;
            }
            polyX[k] = gutter + x;
            polyY[k++] = y;
            polyX[k] = gutter + x + 1;
            polyY[k++] = y;
            lastX = x + 1;
        }
        if (k == 0) {
            return;
        }
        gc.setStroke(COUNTER_LINE);
        gc.setLineWidth(1);
        gc.strokePolyline(polyX, polyY, k);
        polyX[k] = gutter + lastX;
        polyY[k++] = y0;
        polyX[k] = gutter + firstX;
        polyY[k++] = y0;
        gc.setFill(COUNTER_FILL);
        gc.fillPolygon(polyX, polyY, k);
        rectCount++;
    }

    private void ensurePoly(int n) {
        if (polyX.length < n) {
            polyX = new double[n];
            polyY = new double[n];
        }
    }

    /** Paints an analysis-overlay lane (sorted, disjoint intervals) with the same merging as slices. */
    private void paintLane(GraphicsContext gc, Viewport vp, Overlay.Lane lane, double top, double h, double width) {
        long[] s = lane.starts();
        long[] e = lane.ends();
        int n = s.length;
        double right = width - gutter;
        gc.setFill(hintColor(lane));
        int i = firstEndAfter(e, vp.start());
        double y = top + 2;
        double bh = h - 5;
        double runA = Double.NaN;
        double runB = Double.NaN;
        for (; i < n && s[i] < vp.end(); i++) {
            double a = Math.floor(Math.max(-2, vp.x(s[i])));
            double b = Math.max(a + 1, Math.min(right + 2, vp.x(e[i])));
            if (!Double.isNaN(runA) && a <= runB) {
                runB = Math.max(runB, b);
                continue;
            }
            if (!Double.isNaN(runA)) {
                gc.fillRect(gutter + runA, y, runB - runA, bh);
            }
            runA = a;
            runB = b;
            if (b - a < 1.0) {
                i = Math.max(i, firstEndAfter(e, vp.time(runB + 1)) - 1);
            }
        }
        if (!Double.isNaN(runA)) {
            gc.fillRect(gutter + runA, y, runB - runA, bh);
        }
    }

    private static int firstEndAfter(long[] ends, long t) {
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private Color hintColor(Overlay.Lane lane) {
        String hint = lane.colorHint();
        if (hint == null || hint.isBlank()) {
            return SlicePalette.fill(SlicePalette.indexOf(lane.label()));
        }
        return hintColors.computeIfAbsent(hint, h -> {
            try {
                return Color.web(h);
            } catch (IllegalArgumentException ex) {
                return SlicePalette.fill(SlicePalette.indexOf(h));
            }
        });
    }

    // ---- overlays: area, marks, selection and flows ---------------------------------------------

    /** Y (canvas) of a row, or NaN when it is scrolled out of the band. */
    public double rowScreenY(TimelineModel m, TimelineRow r, double height) {
        if (r.pinned()) {
            return RULER_HEIGHT + r.y();
        }
        double y = bandTop(m) + r.y() - m.scrollY();
        return y + r.height() < bandTop(m) || y > height ? Double.NaN : y;
    }

    private void paintArea(GraphicsContext gc, TimelineModel m, double width, double height) {
        AreaSelection a = m.area();
        if (a == null) {
            return;
        }
        Viewport vp = m.viewport();
        double x0 = gutter + Math.max(-1, vp.x(a.t0()));
        double x1 = gutter + Math.min(vp.width() + 1, vp.x(a.t1()));
        if (x1 < gutter || x0 > width) {
            return;
        }
        x0 = Math.max(gutter, x0);
        double top = bandTop(m);
        gc.setFill(AREA_FILL);
        for (TrackNode n : a.tracks()) {
            TimelineRow r = m.layout().rowOf(n);
            if (r == null) {
                continue;
            }
            double y = rowScreenY(m, r, height);
            if (Double.isNaN(y)) {
                continue;
            }
            double yy = Math.max(y, r.pinned() ? RULER_HEIGHT : top);
            gc.fillRect(x0, yy, x1 - x0, y + r.height() - yy);
        }
        gc.setFill(AREA_EDGE);
        gc.fillRect(x0, RULER_HEIGHT, 1, height - RULER_HEIGHT);
        gc.fillRect(x1 - 1, RULER_HEIGHT, 1, height - RULER_HEIGHT);
        String d = TimeFormat.duration(a.duration());
        gc.setFont(SMALL);
        double tw = labelFit.width(d) + 10;
        double lx = Math.max(gutter, (x0 + x1) / 2 - tw / 2);
        gc.fillRect(lx, RULER_HEIGHT + 2, tw, 15);
        gc.setFill(Color.WHITE);
        gc.fillText(d, lx + 5, RULER_HEIGHT + 9.5);
    }

    private void paintMarks(GraphicsContext gc, TimelineModel m, double height) {
        if (!m.hasMark()) {
            return;
        }
        Viewport vp = m.viewport();
        double x0 = gutter + vp.x(m.markStart());
        double x1 = gutter + vp.x(m.markEnd());
        double a = Math.max(gutter, x0);
        double b = Math.min(gutter + vp.width(), x1);
        if (b > a) {
            gc.setFill(MARK_FILL);
            gc.fillRect(a, RULER_HEIGHT, b - a, height - RULER_HEIGHT);
        }
        gc.setFill(MARK_EDGE);
        if (x0 >= gutter) {
            gc.fillRect(x0, RULER_HEIGHT, 1, height - RULER_HEIGHT);
        }
        if (x1 >= gutter) {
            gc.fillRect(x1, RULER_HEIGHT, 1, height - RULER_HEIGHT);
        }
    }

    /** Canvas rectangle {x, y, w, h} of a slice, or null when its row is hidden or scrolled away. */
    public double[] sliceBounds(TimelineModel m, SliceRef s, double height) {
        TrackNode node = m.tree().nodeOf(s.sliceTrack());
        if (node == null) {
            return null;
        }
        TimelineRow r = m.layout().rowOf(node);
        if (r == null) {
            return null;
        }
        double y = rowScreenY(m, r, height);
        if (Double.isNaN(y)) {
            return null;
        }
        SliceTrack t = s.sliceTrack();
        Viewport vp = m.viewport();
        double x0 = gutter + vp.x(t.start(s.row()));
        double x1 = gutter + vp.x(t.end(s.row()));
        double sy = y + TimelineLayout.TRACK_PAD + t.depth(s.row()) * TimelineLayout.SLICE_HEIGHT;
        return new double[] {x0, sy, Math.max(1, x1 - x0), TimelineLayout.SLICE_HEIGHT - 1};
    }

    private void paintSelection(GraphicsContext gc, TimelineModel m, double width, double height) {
        SliceRef s = m.selected();
        if (s == null) {
            return;
        }
        double[] b = sliceBounds(m, s, height);
        FlowTable flows = s.trace().flows();
        gc.setStroke(FLOW);
        gc.setLineWidth(1.5);
        for (int f : flows.outgoing(s.track(), s.row())) {
            drawFlow(gc, m, s, new SliceRef(s.set(), s.member(), flows.toTrack(f), flows.toRow(f)), height, true);
        }
        for (int f : flows.incoming(s.track(), s.row())) {
            drawFlow(gc, m, new SliceRef(s.set(), s.member(), flows.fromTrack(f), flows.fromRow(f)), s, height, false);
        }
        if (b != null) {
            double x0 = Math.max(gutter - 2, b[0]);
            double x1 = Math.min(width + 2, b[0] + b[2]);
            gc.setStroke(SELECTION);
            gc.setLineWidth(2);
            gc.strokeRect(x0, b[1], Math.max(2, x1 - x0), b[3]);
        }
    }

    private void drawFlow(GraphicsContext gc, TimelineModel m, SliceRef from, SliceRef to, double height,
                          boolean out) {
        double[] a = sliceBounds(m, from, height);
        double[] b = sliceBounds(m, to, height);
        if (a == null || b == null) {
            return;
        }
        double ax = a[0] + (out ? a[2] : a[2]);
        double ay = a[1] + a[3] / 2;
        double bx = b[0];
        double by = b[1] + b[3] / 2;
        ax = Math.min(ax, a[0] + a[2]);
        double dx = Math.max(30, Math.abs(bx - ax) / 2);
        gc.setStroke(FLOW);
        gc.setLineWidth(1.4);
        gc.beginPath();
        gc.moveTo(ax, ay);
        gc.bezierCurveTo(ax + dx, ay, bx - dx, by, bx, by);
        gc.stroke();
        gc.setFill(FLOW);
        gc.fillPolygon(new double[] {bx, bx - 8, bx - 8}, new double[] {by, by - 4, by + 4}, 3);
    }

    private static String number(double v) {
        if (Math.abs(v) >= 1e4 || (Math.abs(v) < 0.01 && v != 0)) {
            return String.format("%.3g", v);
        }
        return String.format("%.2f", v).replaceAll("\\.?0+$", "");
    }
}
