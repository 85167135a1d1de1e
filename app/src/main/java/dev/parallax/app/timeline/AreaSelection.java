package dev.parallax.app.timeline;

import java.util.List;

/**
 * A rectangle dragged across the timeline: the time range [t0, t1) and the leaf tracks (slice, counter
 * and overlay rows) it covers, in display order.
 */
public record AreaSelection(long t0, long t1, List<TrackNode> tracks) {
    public AreaSelection {
        tracks = List.copyOf(tracks);
    }

    public long duration() {
        return t1 - t0;
    }
}
