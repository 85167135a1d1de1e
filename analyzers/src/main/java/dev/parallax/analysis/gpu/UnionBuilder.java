package dev.parallax.analysis.gpu;

import dev.parallax.trace.query.Intervals;

import java.util.Arrays;

/**
 * Builds the union of intervals that arrive sorted by start (as a track's rows do), merging on the fly
 * into plain arrays: one comparison and at most one store per interval, no sort. Falls back to
 * {@link Intervals.Builder} if an interval arrives out of order.
 */
public final class UnionBuilder {
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int size;
    private long curStart;
    private long curEnd;
    private boolean open;
    private Intervals.Builder fallback;

    /** Adds [start, end); empty intervals are ignored. */
    public void add(long start, long end) {
        if (end <= start) {
            return;
        }
        if (fallback != null) {
            fallback.add(start, end);
            return;
        }
        if (!open) {
            curStart = start;
            curEnd = end;
            open = true;
        } else if (start < curStart) {
            fallback = new Intervals.Builder();
            flush();
            for (int i = 0; i < size; i++) {
                fallback.add(starts[i], ends[i]);
            }
            fallback.add(start, end);
        } else if (start <= curEnd) {
            if (end > curEnd) {
                curEnd = end;
            }
        } else {
            flush();
            curStart = start;
            curEnd = end;
            open = true;
        }
    }

    private void flush() {
        if (!open) {
            return;
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = curStart;
        ends[size] = curEnd;
        size++;
        open = false;
    }

    public boolean isEmpty() {
        return !open && size == 0 && fallback == null;
    }

    public Intervals build() {
        if (fallback != null) {
            return fallback.build();
        }
        flush();
        return Intervals.ofNormalized(starts, ends, size);
    }
}
