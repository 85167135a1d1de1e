package dev.parallax.samples.core;

import java.util.Arrays;

/**
 * A growable list of [start, end) intervals in nanoseconds with exact union and intersection lengths, used to
 * compute ground truth (busy time, overlap) over one bounded window such as a profiler step.
 */
public final class Intervals {
    private long[] starts = new long[64];
    private long[] ends = new long[64];
    private int size;

    /** Adds [start, end). */
    public void add(long start, long end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** Removes all intervals. */
    public void clear() {
        size = 0;
    }

    /** Number of intervals added. */
    public int size() {
        return size;
    }

    /** Sum of the lengths (overlaps counted twice). */
    public long sum() {
        long s = 0;
        for (int i = 0; i < size; i++) {
            s += ends[i] - starts[i];
        }
        return s;
    }

    /** The union as sorted, disjoint [start, end) pairs, flattened. */
    public long[] union() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        long[] out = new long[size * 2];
        int n = 0;
        for (Integer i : order) {
            if (n > 0 && starts[i] <= out[n - 1]) {
                out[n - 1] = Math.max(out[n - 1], ends[i]);
            } else {
                out[n++] = starts[i];
                out[n++] = ends[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Length of the union. */
    public long unionLength() {
        return length(union());
    }

    /** Length of union(this) ∩ union(other). */
    public long intersectionLength(Intervals other) {
        long[] a = union();
        long[] b = other.union();
        long total = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long lo = Math.max(a[i], b[j]);
            long hi = Math.min(a[i + 1], b[j + 1]);
            if (hi > lo) {
                total += hi - lo;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return total;
    }

    private static long length(long[] flat) {
        long s = 0;
        for (int i = 0; i < flat.length; i += 2) {
            s += flat[i + 1] - flat[i];
        }
        return s;
    }
}
