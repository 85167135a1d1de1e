package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.column.IndexSort;
import dev.parallax.trace.column.LongColumn;

/**
 * An immutable set of time covered, as sorted, disjoint, non-empty half-open intervals [start, end).
 * The building block of busy/idle time, overlap and every "how much of X happens under Y" question.
 */
public final class Intervals {
    private static final Intervals EMPTY = new Intervals(new long[0], new long[0]);

    private final long[] starts;
    private final long[] ends;

    private Intervals(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    public static Intervals empty() {
        return EMPTY;
    }

    /** The single interval [start, end), or empty when end <= start. */
    public static Intervals of(long start, long end) {
        return end > start ? new Intervals(new long[] {start}, new long[] {end}) : EMPTY;
    }

    /**
     * The set holding the first {@code size} intervals of {@code starts}/{@code ends}, which must already be
     * normalised (each non-empty, sorted, disjoint and not touching the next); checked in O(n). Lets code
     * that merges sorted input itself build a set without another copy through {@link Builder}.
     */
    public static Intervals ofNormalized(long[] starts, long[] ends, int size) {
        if (size < 0 || size > starts.length || size > ends.length) {
            throw new IllegalArgumentException("size " + size + " out of range");
        }
        for (int i = 0; i < size; i++) {
            if (ends[i] <= starts[i] || i > 0 && starts[i] <= ends[i - 1]) {
                throw new IllegalArgumentException("interval " + i + " [" + starts[i] + ", " + ends[i]
                        + ") is empty, unsorted or touches its predecessor");
            }
        }
        if (size == 0) {
            return EMPTY;
        }
        return new Intervals(size == starts.length ? starts : java.util.Arrays.copyOf(starts, size),
                size == ends.length ? ends : java.util.Arrays.copyOf(ends, size));
    }

    /** Union of the slices of a track whose rows pass {@code filter} (null: all rows). */
    public static Intervals union(SliceTrack track, RowFilter filter) {
        Builder b = new Builder();
        for (int r = 0; r < track.size(); r++) {
            if (filter == null || filter.test(track, r)) {
                b.add(track.start(r), track.end(r));
            }
        }
        return b.build();
    }

    public int size() {
        return starts.length;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** Total covered time. */
    public long length() {
        long sum = 0;
        for (int i = 0; i < starts.length; i++) {
            sum += ends[i] - starts[i];
        }
        return sum;
    }

    /** Start of the first interval; the set must not be empty. */
    public long first() {
        return starts[0];
    }

    /** End of the last interval; the set must not be empty. */
    public long last() {
        return ends[ends.length - 1];
    }

    /** Whether time {@code t} is covered. */
    public boolean contains(long t) {
        int i = indexAtOrBefore(t);
        return i >= 0 && t < ends[i];
    }

    /** Index of the last interval starting at or before {@code t}, or -1. */
    public int indexAtOrBefore(long t) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** Covered time inside [t0, t1). */
    public long lengthWithin(long t0, long t1) {
        if (t1 <= t0 || starts.length == 0) {
            return 0;
        }
        long sum = 0;
        int i = Math.max(0, indexAtOrBefore(t0));
        for (; i < starts.length && starts[i] < t1; i++) {
            long s = Math.max(starts[i], t0);
            long e = Math.min(ends[i], t1);
            if (e > s) {
                sum += e - s;
            }
        }
        return sum;
    }

    public Intervals union(Intervals other) {
        Builder b = new Builder();
        b.addAll(this);
        b.addAll(other);
        return b.build();
    }

    public Intervals intersect(Intervals other) {
        LongColumn s = new LongColumn();
        LongColumn e = new LongColumn();
        int i = 0;
        int j = 0;
        while (i < starts.length && j < other.starts.length) {
            long lo = Math.max(starts[i], other.starts[j]);
            long hi = Math.min(ends[i], other.ends[j]);
            if (hi > lo) {
                s.add(lo);
                e.add(hi);
            }
            if (ends[i] < other.ends[j]) {
                i++;
            } else {
                j++;
            }
        }
        return new Intervals(s.toArray(null), e.toArray(null));
    }

    /** This set minus {@code other}. */
    public Intervals subtract(Intervals other) {
        LongColumn s = new LongColumn();
        LongColumn e = new LongColumn();
        int j = 0;
        for (int i = 0; i < starts.length; i++) {
            long cur = starts[i];
            long end = ends[i];
            while (j < other.starts.length && other.ends[j] <= cur) {
                j++;
            }
            int k = j;
            while (k < other.starts.length && other.starts[k] < end) {
                if (other.starts[k] > cur) {
                    s.add(cur);
                    e.add(other.starts[k]);
                }
                cur = Math.max(cur, other.ends[k]);
                if (other.ends[k] >= end) {
                    break;
                }
                k++;
            }
            if (cur < end) {
                s.add(cur);
                e.add(end);
            }
        }
        return new Intervals(s.toArray(null), e.toArray(null));
    }

    /** The part of this set inside [t0, t1). */
    public Intervals clip(long t0, long t1) {
        return intersect(of(t0, t1));
    }

    /** The gaps between the intervals inside [t0, t1). */
    public Intervals complementWithin(long t0, long t1) {
        return of(t0, t1).subtract(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Intervals[");
        for (int i = 0; i < Math.min(starts.length, 8); i++) {
            sb.append(i == 0 ? "" : ", ").append('[').append(starts[i]).append(',').append(ends[i]).append(')');
        }
        return sb.append(starts.length > 8 ? ", ...]" : "]").toString();
    }

    /** Accepts intervals in any order, overlapping or not, and normalises them. */
    public static final class Builder {
        private final LongColumn s = new LongColumn();
        private final LongColumn e = new LongColumn();
        private boolean sorted = true;

        /** Adds [start, end); empty and inverted intervals are ignored. */
        public Builder add(long start, long end) {
            if (end <= start) {
                return this;
            }
            if (s.size() > 0 && start < s.last()) {
                sorted = false;
            }
            s.add(start);
            e.add(end);
            return this;
        }

        public Builder addAll(Intervals iv) {
            for (int i = 0; i < iv.size(); i++) {
                add(iv.start(i), iv.end(i));
            }
            return this;
        }

        public Intervals build() {
            int n = s.size();
            if (n == 0) {
                return EMPTY;
            }
            int[] order = sorted ? null : IndexSort.sortedOrder(n, (a, b) -> Long.compare(s.get(a), s.get(b)));
            LongColumn os = new LongColumn();
            LongColumn oe = new LongColumn();
            long cs = 0;
            long ce = 0;
            boolean open = false;
            for (int k = 0; k < n; k++) {
                int i = order == null ? k : order[k];
                long a = s.get(i);
                long b = e.get(i);
                if (open && a <= ce) {
                    ce = Math.max(ce, b);
                } else {
                    if (open) {
                        os.add(cs);
                        oe.add(ce);
                    }
                    cs = a;
                    ce = b;
                    open = true;
                }
            }
            os.add(cs);
            oe.add(ce);
            return new Intervals(os.toArray(null), oe.toArray(null));
        }
    }
}
