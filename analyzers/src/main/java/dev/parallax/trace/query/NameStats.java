package dev.parallax.trace.query;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.column.IndexSort;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group-by-name aggregate of slice durations: per name, count, total, min, max, mean and population
 * standard deviation (Welford's online algorithm), over any set of tracks, rows and time window.
 * One row per distinct name; rows are sorted by total time, largest first.
 */
public final class NameStats {
    private final int[] name;
    private final long[] count;
    private final long[] total;
    private final long[] min;
    private final long[] max;
    private final double[] mean;
    private final double[] m2;
    private final long grandTotal;

    private NameStats(int n) {
        name = new int[n];
        count = new long[n];
        total = new long[n];
        min = new long[n];
        max = new long[n];
        mean = new double[n];
        m2 = new double[n];
        grandTotal = 0;
    }

    private NameStats(int[] name, long[] count, long[] total, long[] min, long[] max, double[] mean,
                      double[] m2, long grandTotal) {
        this.name = name;
        this.count = count;
        this.total = total;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.m2 = m2;
        this.grandTotal = grandTotal;
    }

    /** Aggregates the rows of {@code tracks} that overlap [t0, t1) and pass {@code filter} (null: all). */
    public static NameStats of(List<SliceTrack> tracks, RowFilter filter, long t0, long t1) {
        Accumulator acc = new Accumulator();
        for (SliceTrack t : tracks) {
            t.forEachOverlapping(t0, t1, r -> {
                if (filter == null || filter.test(t, r)) {
                    acc.add(t.name(r), t.duration(r));
                }
            });
        }
        return acc.build();
    }

    /** Aggregates all rows of {@code tracks} passing {@code filter} (null: all). */
    public static NameStats of(List<SliceTrack> tracks, RowFilter filter) {
        Accumulator acc = new Accumulator();
        for (SliceTrack t : tracks) {
            for (int r = 0; r < t.size(); r++) {
                if (filter == null || filter.test(t, r)) {
                    acc.add(t.name(r), t.duration(r));
                }
            }
        }
        return acc.build();
    }

    public int size() {
        return name.length;
    }

    /** String-pool id of row {@code i}'s name. */
    public int name(int i) {
        return name[i];
    }

    public String name(int i, StringPool pool) {
        return pool.get(name[i]);
    }

    public long count(int i) {
        return count[i];
    }

    public long total(int i) {
        return total[i];
    }

    public long min(int i) {
        return min[i];
    }

    public long max(int i) {
        return max[i];
    }

    public double mean(int i) {
        return mean[i];
    }

    /** Population standard deviation of the durations of row {@code i}. */
    public double std(int i) {
        return count[i] == 0 ? 0 : Math.sqrt(m2[i] / count[i]);
    }

    /** Sum of all totals. */
    public long grandTotal() {
        return grandTotal;
    }

    /** Share of row {@code i} in the grand total, 0..1. */
    public double share(int i) {
        return grandTotal == 0 ? 0 : (double) total[i] / grandTotal;
    }

    /** Row index of a name id, or -1. */
    public int indexOf(int nameId) {
        for (int i = 0; i < name.length; i++) {
            if (name[i] == nameId) {
                return i;
            }
        }
        return -1;
    }

    /** Accumulates durations per name id, then sorts by total. */
    public static final class Accumulator {
        private final Map<Integer, Integer> slot = new HashMap<>();
        private NameStats s = new NameStats(16);
        private int used;

        public void add(int nameId, long duration) {
            Integer k = slot.get(nameId);
            int i;
            if (k == null) {
                if (used == s.name.length) {
                    grow();
                }
                i = used++;
                slot.put(nameId, i);
                s.name[i] = nameId;
                s.min[i] = Long.MAX_VALUE;
                s.max[i] = Long.MIN_VALUE;
            } else {
                i = k;
            }
            s.count[i]++;
            s.total[i] += duration;
            s.min[i] = Math.min(s.min[i], duration);
            s.max[i] = Math.max(s.max[i], duration);
            double delta = duration - s.mean[i];
            s.mean[i] += delta / s.count[i];
            s.m2[i] += delta * (duration - s.mean[i]);
        }

        private void grow() {
            int n = s.name.length * 2;
            s = new NameStats(Arrays.copyOf(s.name, n), Arrays.copyOf(s.count, n), Arrays.copyOf(s.total, n),
                    Arrays.copyOf(s.min, n), Arrays.copyOf(s.max, n), Arrays.copyOf(s.mean, n),
                    Arrays.copyOf(s.m2, n), 0);
        }

        public NameStats build() {
            int n = used;
            int[] order = IndexSort.sortedOrder(n, (a, b) -> {
                int c = Long.compare(s.total[b], s.total[a]);
                return c != 0 ? c : Integer.compare(s.name[a], s.name[b]);
            });
            int[] nm = new int[n];
            long[] ct = new long[n];
            long[] tt = new long[n];
            long[] mn = new long[n];
            long[] mx = new long[n];
            double[] me = new double[n];
            double[] m2 = new double[n];
            long grand = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                nm[k] = s.name[i];
                ct[k] = s.count[i];
                tt[k] = s.total[i];
                mn[k] = s.min[i];
                mx[k] = s.max[i];
                me[k] = s.mean[i];
                m2[k] = s.m2[i];
                grand += tt[k];
            }
            return new NameStats(nm, ct, tt, mn, mx, me, m2, grand);
        }
    }
}
