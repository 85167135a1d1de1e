package dev.parallax.analysis.criticalpath;

import dev.parallax.trace.column.IndexSort;

/**
 * Launch calls sorted by a key (a stream, or a thread and a stream) and then by time, to find the last
 * launch before a time (the work a {@code cudaEventRecord} captures) or the first after it (the work a
 * {@code cudaStreamWaitEvent} holds back) by binary search.
 */
final class LaunchIndex {
    private final long[] keys;
    private final long[] times;
    private final int[] launches;

    private LaunchIndex(long[] key, long[] time) {
        int[] order = IndexSort.sortedOrder(key, time);
        int n = key.length;
        keys = new long[n];
        times = new long[n];
        launches = order;
        for (int i = 0; i < n; i++) {
            keys[i] = key[order[i]];
            times[i] = time[order[i]];
        }
    }

    static LaunchIndex byStream(int[] stream, long[] ts, int n) {
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            key[i] = stream[i];
        }
        return new LaunchIndex(key, java.util.Arrays.copyOf(ts, n));
    }

    static LaunchIndex byThreadAndStream(int[] cpuTrack, int[] stream, long[] ts, int n) {
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            key[i] = (long) cpuTrack[i] << 32 | stream[i];
        }
        return new LaunchIndex(key, java.util.Arrays.copyOf(ts, n));
    }

    /** The launch with key {@code key} latest before {@code t}, or -1. */
    int lastBefore(long key, long t) {
        int i = lowerBound(key, t) - 1;
        return i >= 0 && keys[i] == key ? launches[i] : -1;
    }

    /** The launch with key {@code key} earliest after {@code t}, or -1. */
    int firstAfter(long key, long t) {
        int i = lowerBound(key, t + 1);
        return i < keys.length && keys[i] == key ? launches[i] : -1;
    }

    /** First index whose (key, time) is at or after ({@code key}, {@code t}). */
    private int lowerBound(long key, long t) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < key || (keys[mid] == key && times[mid] < t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
