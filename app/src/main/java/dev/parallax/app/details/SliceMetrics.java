package dev.parallax.app.details;

import dev.parallax.trace.SliceTrack;

/** Derived numbers of one slice. */
public final class SliceMetrics {
    private SliceMetrics() {
    }

    /**
     * Self time: the slice's duration minus the time covered by its direct children (the slices one level
     * deeper that start inside it), each clipped to the parent.
     */
    public static long selfTime(SliceTrack t, int row) {
        int d = t.depth(row) + 1;
        long s = t.start(row);
        long e = t.end(row);
        long children = 0;
        if (d < t.depthCount()) {
            for (int i = t.nextIndexEndingAfter(d, s); i < t.depthSize(d); i++) {
                int c = t.rowAtDepth(d, i);
                long cs = t.start(c);
                if (cs >= e) {
                    break;
                }
                children += Math.max(0, Math.min(e, t.end(c)) - Math.max(s, cs));
            }
        }
        return Math.max(0, t.duration(row) - children);
    }
}
