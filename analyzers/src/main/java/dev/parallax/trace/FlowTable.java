package dev.parallax.trace;

import dev.parallax.trace.column.IndexSort;

import java.util.Arrays;

/**
 * Flow arrows between slices (Chrome {@code s}/{@code t}/{@code f}, e.g. Kineto's {@code ac2g} launch →
 * kernel links), bound to (track, row) at load time, stored as parallel arrays with indices by source
 * and by destination slice.
 */
public final class FlowTable {
    private final long[] flowId;
    private final int[] category;
    private final int[] fromTrack;
    private final int[] fromRow;
    private final int[] toTrack;
    private final int[] toRow;
    private final long[] bySource;
    private final int[] bySourceIndex;
    private final long[] byDest;
    private final int[] byDestIndex;

    FlowTable(long[] flowId, int[] category, int[] fromTrack, int[] fromRow, int[] toTrack, int[] toRow) {
        this.flowId = flowId;
        this.category = category;
        this.fromTrack = fromTrack;
        this.fromRow = fromRow;
        this.toTrack = toTrack;
        this.toRow = toRow;
        int n = flowId.length;
        bySourceIndex = new int[n];
        bySource = sortedKeys(fromTrack, fromRow, bySourceIndex);
        byDestIndex = new int[n];
        byDest = sortedKeys(toTrack, toRow, byDestIndex);
    }

    static FlowTable empty() {
        return new FlowTable(new long[0], new int[0], new int[0], new int[0], new int[0], new int[0]);
    }

    private static long[] sortedKeys(int[] track, int[] row, int[] indexOut) {
        int n = track.length;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = key(track[i], row[i]);
        }
        int[] order = IndexSort.sortedOrder(n, (a, b) -> Long.compare(packed[a], packed[b]));
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            indexOut[i] = order[i];
            keys[i] = packed[order[i]];
        }
        return keys;
    }

    private static long key(int track, int row) {
        return ((long) track << 32) | (row & 0xffffffffL);
    }

    public int size() {
        return flowId.length;
    }

    public long flowId(int i) {
        return flowId[i];
    }

    /** Category string id (e.g. {@code ac2g}, {@code fwdbwd}). */
    public int category(int i) {
        return category[i];
    }

    public int fromTrack(int i) {
        return fromTrack[i];
    }

    public int fromRow(int i) {
        return fromRow[i];
    }

    public int toTrack(int i) {
        return toTrack[i];
    }

    public int toRow(int i) {
        return toRow[i];
    }

    /** Flows leaving slice (track, row). */
    public int[] outgoing(int track, int row) {
        return lookup(bySource, bySourceIndex, key(track, row));
    }

    /** Flows arriving at slice (track, row). */
    public int[] incoming(int track, int row) {
        return lookup(byDest, byDestIndex, key(track, row));
    }

    private static int[] lookup(long[] keys, int[] index, long k) {
        int lo = Arrays.binarySearch(keys, k);
        if (lo < 0) {
            return new int[0];
        }
        while (lo > 0 && keys[lo - 1] == k) {
            lo--;
        }
        int hi = lo;
        while (hi < keys.length && keys[hi] == k) {
            hi++;
        }
        int[] out = new int[hi - lo];
        for (int i = lo; i < hi; i++) {
            out[i - lo] = index[i];
        }
        return out;
    }
}
