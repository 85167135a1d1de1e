package dev.parallax.app.report;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.awt.BasicStroke;
import dev.parallax.app.timeline.SlicePalette;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws a static picture of the timeline of a trace set for a time window with Java2D (so it becomes
 * vector graphics in a PDF): per rank, its GPU streams and busiest CPU threads as rows of slices,
 * painted from {@link SliceTrack#forEachRun} so the cost follows the picture's width, not the events.
 */
final class TimelineSnapshot {
    private static final float LABEL_W = 110;
    private static final float ROW_H = 9;
    private static final float RULER_H = 16;

    private final TraceSet set;
    private final long t0;
    private final long t1;
    /** The rows of each member, in member order, chosen once. */
    private final List<List<SliceTrack>> rows = new ArrayList<>();
    private final float height;

    TimelineSnapshot(TraceSet set, long t0, long t1, int maxRowsPerRank) {
        this.set = set;
        this.t0 = t0;
        this.t1 = Math.max(t1, t0 + 1);
        float h = RULER_H;
        for (TraceSet.Member m : set.members()) {
            List<SliceTrack> r = rows(m.trace(), maxRowsPerRank);
            rows.add(r);
            h += 12 + r.size() * (ROW_H + 1);
        }
        this.height = h + 4;
    }

    /** Rows drawn for one rank: GPU streams first, then the busiest CPU threads. */
    private static List<SliceTrack> rows(Trace trace, int maxRowsPerRank) {
        List<SliceTrack> gpu = new ArrayList<>(trace.tracks(TrackKind.GPU_STREAM));
        List<SliceTrack> cpu = new ArrayList<>(trace.tracks(TrackKind.CPU_THREAD));
        cpu.sort(Comparator.comparingInt(SliceTrack::size).reversed());
        List<SliceTrack> out = new ArrayList<>();
        for (SliceTrack t : gpu) {
            if (t.size() > 0 && out.size() < maxRowsPerRank) {
                out.add(t);
            }
        }
        for (SliceTrack t : cpu) {
            if (t.size() > 0 && out.size() < maxRowsPerRank) {
                out.add(t);
            }
        }
        return out;
    }

    /** Height in points the picture needs. */
    float height() {
        return height;
    }

    void paint(Graphics2D g, float width, String fontFamily) {
        float plotW = width - LABEL_W;
        double nsPerPt = (double) (t1 - t0) / plotW;
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Float(0, 0, width, height()));
        Font small = new Font(fontFamily, Font.PLAIN, 7);
        Font bold = new Font(fontFamily, Font.BOLD, 8);
        ruler(g, small, plotW);
        float y = RULER_H;
        for (int i = 0; i < set.size(); i++) {
            TraceSet.Member m = set.member(i);
            g.setFont(bold);
            g.setColor(new Color(0x333333));
            g.drawString("rank " + m.rank(), 2, y + 9);
            g.setColor(new Color(0xCCCCCC));
            g.draw(new Line2D.Float(0, y + 11, width, y + 11));
            y += 12;
            for (SliceTrack track : rows.get(i)) {
                g.setFont(small);
                g.setColor(new Color(0x555555));
                g.drawString(clip(track.info().label(), 26), 6, y + 7);
                float rowY = y;
                Trace trace = m.trace();
                int depths = Math.min(track.depthCount(), 2);
                for (int d = 0; d < depths; d++) {
                    float dy = rowY + d * (ROW_H / depths);
                    float h = ROW_H / depths - 0.5f;
                    track.forEachRun(d, t0, t1, nsPerPt * 0.5, (row, s, e, count) -> {
                        float x = LABEL_W + (float) ((s - t0) / nsPerPt);
                        float w = Math.max(0.4f, (float) ((e - s) / nsPerPt));
                        g.setColor(colorFor(trace.string(track.name(row))));
                        g.fill(new Rectangle2D.Float(x, dy, w, h));
                    });
                }
                y += ROW_H + 1;
            }
        }
    }

    private void ruler(Graphics2D g, Font font, float plotW) {
        g.setFont(font);
        g.setStroke(new BasicStroke(0.3f));
        double span = t1 - t0;
        double step = Math.pow(10, Math.floor(Math.log10(span / 6)));
        if (span / step > 12) {
            step *= 2;
        }
        if (span / step > 12) {
            step *= 2.5;
        }
        for (double t = 0; t <= span; t += step) {
            float x = LABEL_W + (float) (t / span * plotW);
            g.setColor(new Color(0xDDDDDD));
            g.draw(new Line2D.Float(x, RULER_H - 4, x, height()));
            g.setColor(new Color(0x444444));
            g.drawString(tickLabel((long) t), x + 1, RULER_H - 6);
        }
    }

    /**
     * A ruler label: time from the picture's own start in human units chosen by its size ("10 s", "250 ms"),
     * and a bare "0" at the origin (no "0 ns" on an axis of seconds).
     */
    static String tickLabel(long t) {
        return t == 0 ? "0" : dev.parallax.analysis.UnitFormat.duration(t);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** The colour the timeline gives slices of this name ({@link SlicePalette}), so pictures match the window. */
    static Color colorFor(String name) {
        javafx.scene.paint.Color c = SlicePalette.fill(SlicePalette.indexOf(name));
        return new Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
    }
}
