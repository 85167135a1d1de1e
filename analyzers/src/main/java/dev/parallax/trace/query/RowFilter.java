package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;

/** Chooses slices of a track, e.g. "kernels whose name matches a communication rule". */
@FunctionalInterface
public interface RowFilter {
    boolean test(SliceTrack track, int row);

    /** Rows passing both filters. */
    default RowFilter and(RowFilter other) {
        return (t, r) -> test(t, r) && other.test(t, r);
    }

    /** Rows passing this filter but not {@code other}. */
    default RowFilter andNot(RowFilter other) {
        return (t, r) -> test(t, r) && !other.test(t, r);
    }
}
