package dev.parallax.analysis;

import java.util.List;

/**
 * Intervals or markers an analysis asks the timeline to paint, e.g. per rank the lanes "compute",
 * "communication" and "overlap". Times are on the trace set's clock (ns). Besides lanes, an overlay may
 * outline slices ({@link Mark}) and draw arrows between points of two slices ({@link Link}), e.g. the
 * critical path's operators and the launch and synchronisation edges between them.
 */
public record Overlay(String id, String title, List<Lane> lanes, List<Mark> marks, List<Link> links) {

    /**
     * One lane of intervals for one rank.
     *
     * @param colorHint a CSS-like colour name or #rrggbb, a hint only
     */
    public record Lane(int rank, String label, String colorHint, long[] starts, long[] ends) {
        public int size() {
            return starts.length;
        }
    }

    /** A slice to outline: rank, slice track id within the rank's trace, row. */
    public record Mark(int rank, int trackId, int row) {
    }

    /**
     * An arrow from a point of one slice to a point of another on the same rank (times in ns on the trace
     * set's clock, inside or at the ends of their slices); {@code kind} names what it stands for, e.g.
     * {@code kernel_launch_delay}.
     */
    public record Link(int rank, int fromTrack, int fromRow, long fromTime, int toTrack, int toRow, long toTime,
                       String kind) {
    }

    public Overlay {
        lanes = List.copyOf(lanes);
        marks = marks == null ? List.of() : List.copyOf(marks);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** An overlay of lanes only. */
    public Overlay(String id, String title, List<Lane> lanes) {
        this(id, title, lanes, List.of(), List.of());
    }
}
