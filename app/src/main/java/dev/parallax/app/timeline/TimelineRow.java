package dev.parallax.app.timeline;

/**
 * One horizontal band of the timeline: a group header or a track, at content position {@code y} (pixels
 * from the top of its section) with its height and indentation level.
 */
public record TimelineRow(TrackNode node, double y, double height, int level, boolean pinned) {
    public double bottom() {
        return y + height;
    }
}
