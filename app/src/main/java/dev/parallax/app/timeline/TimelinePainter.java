package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.query.RunIndex;
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
    private final Map<SliceTrack, RunIndex> runIndexes = new java.util.IdentityHashMap<>();
    private TextFit labelFit;
    private TextFit headerFit;
    private double gutter = DEFAULT_GUTTER;
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

    /** Forgets cached colours and run indexes (after trace sets are closed). */
    public void clearCaches() {
        palette.clear();
        runIndexes.clear();
    }

    /** Uses {@code index} to merge dense runs of its track in one step (see {@link RunIndex}). */
    public void putRunIndex(RunIndex index) {
        runIndexes.put(index.track(), index);
    }

    /** Whether a run index is installed for {@code t}. */
    public boolean hasRunIndex(SliceTrack t) {
        return runIndexes.containsKey(t);
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
        counterImagesUsed = 0;
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
        }
        paintArea(gc, m, width, height);
        paintMarks(gc, m, height);
        OverlayLinkPainter.paint(gc, m, this, width, height);
        paintSelection(gc, m, width, height);
        // the gutter goes over whatever reached left of the track area (flow arrows from off-screen slices)
        paintGutter(gc, m, height);
        if (!layout.pinnedRows().isEmpty()) {
            gc.setFill(ACCENT);
            gc.fillRect(0, top - 1, width, 1);
        }
        paintRuler(gc, m, width, step);
    }

    // ---- grid and ruler -------------------------------------------------------------------------

    private void paintGrid(GraphicsContext gc, TimelineModel m, double width, double height, long step) {
        Viewport vp = m.viewport();
        gc.setFill(GRID);
        for (long t = TimeTicks.firstTick(vp.start(), step); t <= vp.end(); t += step) {
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
            for (long t = TimeTicks.firstTick(vp.start(), minor); t <= vp.end();
                 t += minor) {
                double x = gutter + Math.floor(vp.x(t));
                if (x >= gutter) {
                    gc.fillRect(x, RULER_HEIGHT - 6, 1, 5);
                }
            }
        }
        gc.setFont(LABEL);
        for (long t = TimeTicks.firstTick(vp.start(), step); t <= vp.end(); t += step) {
            double x = gutter + Math.floor(vp.x(t));
            if (x < gutter) {
                continue;
            }
            gc.setFill(TEXT_DIM);
            gc.fillRect(x, RULER_HEIGHT - 12, 1, 11);
            gc.setFill(TEXT);
            gc.fillText(TimeFormat.tick(t, step), x + 4, 11);
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
        long[] marks = m.searchMarks();
        if (marks != null && marks.length > 0) {
            // one tick per pixel column holding matches: binary search to the next column each time
            gc.setFill(SEARCH_MARK);
            int i = lowerBound(marks, vp.start());
            while (i < marks.length && marks[i] <= vp.end()) {
                double x = Math.floor(vp.x(marks[i]));
                gc.fillRect(gutter + x, RULER_HEIGHT - 7, 2, 6);
                i = lowerBound(marks, vp.time(x + 2));
            }
        }
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(gutter - 1, 0, 1, RULER_HEIGHT);
    }

    private static int lowerBound(long[] a, long t) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- rows -----------------------------------------------------------------------------------

    /** Paints a row's track area (and a header's background across the whole width). */
    private void paintRow(GraphicsContext gc, TimelineModel m, TimelineRow r, double y, double width, int index) {
        TrackNode n = r.node();
        double h = r.height();
        if (n.isGroup()) {
            gc.setFill(n.kind() == TrackNode.Kind.SET ? SET_HEADER
                    : n.kind() == TrackNode.Kind.RANK ? RANK_HEADER : PROCESS_HEADER);
            gc.fillRect(gutter, y, width - gutter, h);
            gc.setFill(GUTTER_BORDER);
            gc.fillRect(gutter, y + h - 1, width - gutter, 1);
            return;
        }
        if ((index & 1) == 1) {
            gc.setFill(TRACK_ALT);
            gc.fillRect(gutter, y, width - gutter, h);
        }
        switch (n.kind()) {
            case SLICES:
                paintSlices(gc, m.viewport(), TimelineModel.offset(n.set()), n.trace(), n.slices(), y, width,
                        m.colorByEfficiency() && n.slices().kind() == dev.parallax.trace.TrackKind.GPU_STREAM
                                ? EfficiencyColors.of(m.overlays(n.set())) : null, n.rank());
                break;
            case COUNTER:
                paintCounter(gc, m.viewport(), TimelineModel.offset(n.set()), n.counter(), y, h, width);
                break;
            default:
                paintLane(gc, m.viewport(), TimelineModel.offset(n.set()), n.lane(), y, h, width);
                break;
        }
        if (n == m.highlighted()) {
            gc.setFill(HIGHLIGHT);
            gc.fillRect(gutter, y, width - gutter, h);
            gc.setFill(ACCENT);
            gc.fillRect(gutter, y, width - gutter, 2);
            gc.fillRect(gutter, y + h - 2, width - gutter, 2);
        }
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(gutter, y + h - 1, width - gutter, 1);
    }

    /** The band over a track highlighted from the track tree. */
    private static final javafx.scene.paint.Color HIGHLIGHT = ACCENT.deriveColor(0, 1, 1, 0.16);

    /**
     * The gutter (track names and headers) depends only on the layout, the vertical scroll and the height,
     * not on the time window, so it is rendered once into an image and reused while the user zooms and pans.
     */
    private void paintGutter(GraphicsContext gc, TimelineModel m, double height) {
        TimelineLayout layout = m.layout();
        int h = (int) Math.ceil(height);
        int w = (int) Math.ceil(gutter);
        if (gutterImage == null || gutterLayout != layout || gutterScroll != m.scrollY() || gutterHeight != h
                || (int) gutterImage.getWidth() != w || gutterTree != m.tree().stateVersion()) {
            if (gutterCanvas == null || gutterCanvas.getWidth() != w || gutterCanvas.getHeight() != h) {
                gutterCanvas = new javafx.scene.canvas.Canvas(w, h);
            }
            GraphicsContext g = gutterCanvas.getGraphicsContext2D();
            g.setFill(GUTTER);
            g.fillRect(0, 0, w, h);
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.LEFT);
            double top = bandTop(m);
            List<TimelineRow> rows = layout.rows();
            for (int i = layout.firstRowBelow(m.scrollY()); i < rows.size(); i++) {
                TimelineRow r = rows.get(i);
                double y = top + r.y() - m.scrollY();
                if (y > height) {
                    break;
                }
                paintGutterRow(g, m, r, y);
            }
            if (!layout.pinnedRows().isEmpty()) {
                g.setFill(GUTTER);
                g.fillRect(0, RULER_HEIGHT, w, layout.pinnedHeight());
                for (TimelineRow r : layout.pinnedRows()) {
                    paintGutterRow(g, m, r, RULER_HEIGHT + r.y());
                }
            }
            g.setFill(GUTTER_BORDER);
            g.fillRect(w - 1, 0, 1, h);
            if (gutterImage == null || (int) gutterImage.getWidth() != w || (int) gutterImage.getHeight() != h) {
                gutterImage = new javafx.scene.image.WritableImage(w, h);
            }
            gutterCanvas.snapshot(null, gutterImage);
            gutterLayout = layout;
            gutterScroll = m.scrollY();
            gutterHeight = h;
            gutterTree = m.tree().stateVersion();
        }
        gc.drawImage(gutterImage, 0, 0);
    }

    private javafx.scene.canvas.Canvas gutterCanvas;
    private javafx.scene.image.WritableImage gutterImage;
    private TimelineLayout gutterLayout;
    private double gutterScroll = Double.NaN;
    private int gutterHeight;
    private long gutterTree = -1;

    private void paintGutterRow(GraphicsContext gc, TimelineModel m, TimelineRow r, double y) {
        TrackNode n = r.node();
        double h = r.height();
        if (n.isGroup()) {
            paintHeader(gc, m, r, y);
            return;
        }
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(0, y + h - 1, gutter, 1);
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

    private void paintHeader(GraphicsContext gc, TimelineModel m, TimelineRow r, double y) {
        TrackNode n = r.node();
        double h = r.height();
        gc.setFill(n.kind() == TrackNode.Kind.SET ? SET_HEADER
                : n.kind() == TrackNode.Kind.RANK ? RANK_HEADER : PROCESS_HEADER);
        gc.fillRect(0, y, gutter, h);
        gc.setFill(GUTTER_BORDER);
        gc.fillRect(0, y + h - 1, gutter, 1);
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
        gc.fillText(fit.fit(n.label(), gutter - indent - 22), indent + 13, cy);
    }

    /** Paints every depth of a slice track with pixel skip-ahead. */
    private void paintSlices(GraphicsContext gc, Viewport vp, long off, Trace trace, SliceTrack t, double top,
                             double width, EfficiencyColors efficiency, int rank) {
        StringPool pool = trace.strings();
        long t0 = vp.start() + off;
        long t1 = vp.end() + off;
        double right = width - gutter;
        double sh = TimelineLayout.SLICE_HEIGHT;
        gc.setFont(LABEL);
        int lastColor = -1;
        RunIndex runs = runIndexes.get(t);
        long onePixel = (long) Math.ceil(vp.nsPerPixel());
        for (int d = 0; d < t.depthCount(); d++) {
            double y = top + TimelineLayout.TRACK_PAD + d * sh;
            int n = t.depthSize(d);
            int i = t.nextIndexEndingAfter(d, t0);
            int visibleEnd = runs == null ? n : Math.min(n, t.nextIndexEndingAfter(d, t1) + 1);
            while (i < n) {
                int r = t.rowAtDepth(d, i);
                long s = t.start(r);
                if (s >= t1) {
                    break;
                }
                double x0 = vp.x(s - off);
                double x1 = vp.x(s - off + t.duration(r));
                int ci = palette.index(pool, t.name(r));
                if (x1 - x0 >= 1.0) {
                    double a = Math.max(-2, x0);
                    double b = Math.min(right + 2, x1);
                    if (efficiency != null) {
                        gc.setFill(efficiency.color(rank, s));
                        lastColor = -1;
                    } else if (ci != lastColor) {
                        gc.setFill(SlicePalette.fill(ci));
                        lastColor = ci;
                    }
                    gc.fillRect(gutter + a, y, b - a, sh - 1);
                    rectCount++;
                    if (b - a > 26) {
                        String label = labelFit.fit(pool.get(t.name(r)), b - a - 8);
                        if (label.length() >= 3) {
                            gc.setFill(SlicePalette.text(ci));
                            gc.fillText(label, gutter + a + 4, y + sh / 2 - 0.5);
                            lastColor = -1;
                        }
                    }
                    i++;
                    continue;
                }
                // A run of sub-pixel slices: one block, jumping to the next pixel boundary each time,
                // or, with a run index, straight to the first wide slice or pixel-wide gap.
                double bx0 = Math.floor(x0);
                double bx1 = Math.floor(x1) + 1;
                if (runs != null && onePixel > 1) {
                    int gapEnd = runs.firstGapInRange(d, i, Math.max(visibleEnd, i + 1), 2 * onePixel);
                    int last = Math.min(gapEnd, runs.firstLongInRange(d, i + 1, gapEnd + 1, onePixel) - 1);
                    last = Math.max(last, i);
                    bx1 = Math.max(bx1, Math.floor(vp.x(t.end(t.rowAtDepth(d, last)) - off)) + 1);
                    i = last + 1;
                }
                while (runs == null || onePixel <= 1) {
                    int j = nextEndingAfter(t, d, i, n, vp.time(bx1) + off);
                    i = Math.max(j, i + 1);
                    if (i >= n) {
                        break;
                    }
                    int r2 = t.rowAtDepth(d, i);
                    long s2 = t.start(r2);
                    double sx0 = vp.x(s2 - off);
                    double sx1 = vp.x(s2 - off + t.duration(r2));
                    if (sx1 - sx0 < 1.0 && sx0 < bx1 + 1) {
                        bx1 = Math.max(bx1, Math.floor(sx1) + 1);
                        continue;
                    }
                    break;
                }
                double a = Math.max(-2, bx0);
                double b = Math.min(right + 2, bx1);
                if (b > a) {
                    if (efficiency != null) {
                        gc.setFill(efficiency.color(rank, s));
                        lastColor = -1;
                    } else if (ci != lastColor) {
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

    /**
     * Paints a counter as a step area chart of each pixel column's maximum. The columns are rasterised into
     * a reused pixel buffer and drawn as one image: a path of thousands of vertices costs far more to fill
     * (anti-aliased) than writing the column pixels directly.
     */
    private void paintCounter(GraphicsContext gc, Viewport vp, long off, CounterTrack c, double top, double h,
                              double width) {
        int n = c.size();
        if (n == 0) {
            return;
        }
        double lo = Math.min(0, c.minValue());
        double hi = c.maxValue();
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int cols = (int) Math.ceil(width - gutter);
        int ih = (int) h - 4;
        if (cols <= 0 || ih <= 2) {
            return;
        }
        int[] buf = counterBuffer(cols * ih);
        java.util.Arrays.fill(buf, 0, cols * ih, 0);
        double scale = (ih - 3) / (hi - lo);
        long last = c.time(n - 1);
        int i0 = c.firstIndexAtOrAfter(vp.time(0) + off);
        int prevY = -1;
        boolean any = false;
        for (int x = 0; x < cols; x++) {
            long ta = vp.time(x) + off;
            if (ta > last) {
                break;
            }
            int i1 = c.firstIndexAtOrAfter(vp.time(x + 1) + off);
            double v = i0 > 0 ? c.value(i0 - 1) : Double.NaN;
            if (i1 > i0) {
                double mx = i1 - i0 == 1 ? c.value(i0) : c.minMax(i0, i1)[1];
                v = Double.isNaN(v) ? mx : Math.max(v, mx);
            }
            i0 = i1;
            if (Double.isNaN(v)) {
                prevY = -1;
                continue;
            }
            any = true;
            int y = Math.max(0, Math.min(ih - 1, (int) Math.round(ih - 1 - (v - lo) * scale)));
            for (int yy = y + 1; yy < ih; yy++) {
                buf[yy * cols + x] = COUNTER_FILL_ARGB;
            }
            int a = prevY < 0 ? y : Math.min(prevY, y);
            int b = prevY < 0 ? y : Math.max(prevY, y);
            for (int yy = a; yy <= b; yy++) {
                buf[yy * cols + x] = COUNTER_LINE_ARGB;
            }
            prevY = y;
        }
        if (!any) {
            return;
        }
        javafx.scene.image.WritableImage img = counterImage(cols, ih);
        img.getPixelWriter().setPixels(0, 0, cols, ih, javafx.scene.image.PixelFormat.getIntArgbInstance(), buf, 0,
                cols);
        gc.drawImage(img, gutter, top + 2);
        rectCount++;
    }

    private static final int COUNTER_FILL_ARGB = argb(COUNTER_FILL);
    private static final int COUNTER_LINE_ARGB = argb(COUNTER_LINE);
    private int[] counterPixels = new int[0];
    private final List<javafx.scene.image.WritableImage> counterImages = new java.util.ArrayList<>();
    private int counterImagesUsed;

    private static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private int[] counterBuffer(int size) {
        if (counterPixels.length < size) {
            counterPixels = new int[size];
        }
        return counterPixels;
    }

    /** A reused image of the given size (one per counter row painted this frame: canvas commands keep it). */
    private javafx.scene.image.WritableImage counterImage(int w, int h) {
        int i = counterImagesUsed++;
        if (i < counterImages.size()) {
            javafx.scene.image.WritableImage img = counterImages.get(i);
            if ((int) img.getWidth() == w && (int) img.getHeight() == h) {
                return img;
            }
            img = new javafx.scene.image.WritableImage(w, h);
            counterImages.set(i, img);
            return img;
        }
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(w, h);
        counterImages.add(img);
        return img;
    }

    /** Paints an analysis-overlay lane (sorted, disjoint intervals) with the same merging as slices. */
    private void paintLane(GraphicsContext gc, Viewport vp, long off, Overlay.Lane lane, double top, double h,
                           double width) {
        long[] s = lane.starts();
        long[] e = lane.ends();
        int n = s.length;
        double right = width - gutter;
        gc.setFill(hintColor(lane));
        int i = firstEndAfter(e, vp.start() + off);
        double y = top + 2;
        double bh = h - 5;
        double runA = Double.NaN;
        double runB = Double.NaN;
        for (; i < n && s[i] < vp.end() + off; i++) {
            double a = Math.floor(Math.max(-2, vp.x(s[i] - off)));
            double b = Math.max(a + 1, Math.min(right + 2, vp.x(e[i] - off)));
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
                i = Math.max(i, firstEndAfter(e, vp.time(runB + 1) + off) - 1);
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
        long off = TimelineModel.offset(s.set());
        double x0 = gutter + vp.x(t.start(s.row()) - off);
        double x1 = gutter + vp.x(t.end(s.row()) - off);
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
        for (SliceRef o : m.linked()) {
            boolean before = o.start() <= s.start();
            drawFlow(gc, m, before ? o : s, before ? s : o, height, true);
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
