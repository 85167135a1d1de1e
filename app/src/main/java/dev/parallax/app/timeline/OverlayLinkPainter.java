package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.TraceSet;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Paints what analysis overlays ask beyond lanes: an outline around marked slices and arrows between points
 * of two slices (e.g. the critical path's slices and its launch, kernel-gap and synchronisation edges). Only
 * what lies in the visible time window is drawn.
 */
final class OverlayLinkPainter {
    static final Color PATH = Color.web("#ff3d00");

    private OverlayLinkPainter() {
    }

    static void paint(GraphicsContext gc, TimelineModel m, TimelinePainter p, double width, double height) {
        Viewport vp = m.viewport();
        for (TraceSet set : m.sets()) {
            long off = TimelineModel.offset(set);
            long t0 = vp.start() + off;
            long t1 = vp.end() + off;
            for (Overlay o : m.overlays(set)) {
                if (o.marks().isEmpty() && o.links().isEmpty()) {
                    continue;
                }
                gc.setStroke(PATH);
                gc.setLineWidth(1.5);
                for (Overlay.Mark k : o.marks()) {
                    SliceRef s = ref(set, k.rank(), k.trackId(), k.row());
                    if (s == null || s.end() < t0 || s.start() > t1) {
                        continue;
                    }
                    double[] b = p.sliceBounds(m, s, height);
                    if (b != null) {
                        double x0 = Math.max(p.gutterWidth() - 2, b[0]);
                        double x1 = Math.min(width + 2, b[0] + b[2]);
                        gc.strokeRect(x0, b[1], Math.max(2, x1 - x0), b[3]);
                    }
                }
                gc.setFill(PATH);
                for (Overlay.Link l : o.links()) {
                    if (Math.max(l.fromTime(), l.toTime()) < t0 || Math.min(l.fromTime(), l.toTime()) > t1) {
                        continue;
                    }
                    SliceRef a = ref(set, l.rank(), l.fromTrack(), l.fromRow());
                    SliceRef b = ref(set, l.rank(), l.toTrack(), l.toRow());
                    double[] ba = a == null ? null : p.sliceBounds(m, a, height);
                    double[] bb = b == null ? null : p.sliceBounds(m, b, height);
                    if (ba == null || bb == null) {
                        continue;
                    }
                    double ax = p.gutterWidth() + vp.x(l.fromTime() - off);
                    double bx = p.gutterWidth() + vp.x(l.toTime() - off);
                    arrow(gc, ax, ba[1] + ba[3] / 2, bx, bb[1] + bb[3] / 2, l.kind().startsWith("sync"));
                }
            }
        }
        gc.setLineDashes((double[]) null);
    }

    private static void arrow(GraphicsContext gc, double ax, double ay, double bx, double by, boolean dashed) {
        gc.setLineDashes(dashed ? new double[] {4, 3} : null);
        gc.strokeLine(ax, ay, bx, by);
        double angle = Math.atan2(by - ay, bx - ax);
        double s = 7;
        gc.fillPolygon(new double[] {bx, bx - s * Math.cos(angle - 0.45), bx - s * Math.cos(angle + 0.45)},
                new double[] {by, by - s * Math.sin(angle - 0.45), by - s * Math.sin(angle + 0.45)}, 3);
    }

    /** The slice (rank, track, row) of {@code set}, or null when the set has no such rank or slice. */
    private static SliceRef ref(TraceSet set, int rank, int track, int row) {
        for (int i = 0; i < set.size(); i++) {
            if (set.member(i).rank() == rank) {
                if (track < 0 || track >= set.member(i).trace().sliceTracks().size()) {
                    return null;
                }
                SliceTrack t = set.member(i).trace().sliceTrack(track);
                return row >= 0 && row < t.size() ? new SliceRef(set, i, track, row) : null;
            }
        }
        return null;
    }
}
