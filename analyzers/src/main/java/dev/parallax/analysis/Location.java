package dev.parallax.analysis;

/**
 * A place in a trace set that a finding, table row or chart point refers to.
 *
 * @param rank rank in the trace set, or -1 for all ranks
 * @param start start time (ns, trace-set clock), or -1 when not a time range
 * @param end end time (ns), or -1
 * @param trackId slice track id within the rank's trace, or -1
 * @param row row within that track, or -1
 */
public record Location(int rank, long start, long end, int trackId, int row) {

    public static Location rank(int rank) {
        return new Location(rank, -1, -1, -1, -1);
    }

    public static Location range(int rank, long start, long end) {
        return new Location(rank, start, end, -1, -1);
    }

    public static Location slice(int rank, int trackId, int row, long start, long end) {
        return new Location(rank, start, end, trackId, row);
    }

    public boolean hasTime() {
        return start >= 0 && end >= start;
    }
}
