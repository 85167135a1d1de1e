package dev.parallax.app.timeline;

import java.util.List;

/**
 * A rectangle dragged across the timeline: the display-time range [t0, t1) (nanoseconds from the start of
 * each trace set, see {@link TimelineModel#offset}) and the leaf tracks (slice, counter and overlay rows) it
 * covers, in display order.
 */
public record AreaSelection(long t0, long t1, List<TrackNode> tracks) {
    public AreaSelection {
        tracks = List.copyOf(tracks);
    }

    /** Start of the range on the clock of {@code set}. */
    public long absoluteStart(dev.parallax.trace.TraceSet set) {
        return t0 + TimelineModel.offset(set);
    }

    /** End of the range on the clock of {@code set}. */
    public long absoluteEnd(dev.parallax.trace.TraceSet set) {
        return t1 + TimelineModel.offset(set);
    }

    public long duration() {
        return t1 - t0;
    }
}
