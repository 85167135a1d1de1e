package dev.parallax.analysis;

import java.util.List;

/**
 * Intervals or markers an analysis asks the timeline to paint, e.g. per rank the lanes "compute",
 * "communication" and "overlap". Times are on the trace set's clock (ns).
 */
public record Overlay(String id, String title, List<Lane> lanes) {

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

    public Overlay {
        lanes = List.copyOf(lanes);
    }
}
