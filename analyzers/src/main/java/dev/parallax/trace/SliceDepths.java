package dev.parallax.trace;

import java.util.Arrays;

/**
 * Assigns each slice of a track (rows sorted by start, ties longer first) a depth such that slices at one
 * depth never overlap, which is what the per-depth index and the painter rely on.
 */
final class SliceDepths {
    private SliceDepths() {
    }

    /**
     * Call-stack depth for thread and stream tracks: a slice nests under every earlier slice still open at
     * its start (a stack of open ends). A slice that overlaps its parent's end without nesting goes one level
     * deeper rather than breaking the no-overlap rule.
     */
    static short[] nesting(long[] s, long[] d) {
        int n = s.length;
        short[] depth = new short[n];
        long[] stackEnd = new long[16];
        int sp = 0;
        for (int i = 0; i < n; i++) {
            long st = s[i];
            while (sp > 0 && stackEnd[sp - 1] <= st) {
                sp--;
            }
            depth[i] = (short) Math.min(sp, Short.MAX_VALUE);
            if (sp == stackEnd.length) {
                stackEnd = Arrays.copyOf(stackEnd, sp * 2);
            }
            if (sp < Short.MAX_VALUE) {
                stackEnd[sp++] = st + d[i];
            }
        }
        return depth;
    }

    /**
     * Lanes for async tracks, where slices (requests, spans) overlap without nesting: each slice takes the
     * lowest lane that is free at its start (first fit), so a track of many overlapping requests stays as
     * compact as the largest number in flight at once. Busy lanes sit in a min-heap keyed by their end.
     */
    static short[] lanes(long[] s, long[] d) {
        int n = s.length;
        short[] depth = new short[n];
        long[] laneEnd = new long[16];
        int lanes = 0;
        java.util.BitSet free = new java.util.BitSet();
        int[] heap = new int[16];
        int heapSize = 0;
        for (int i = 0; i < n; i++) {
            long st = s[i];
            while (heapSize > 0 && laneEnd[heap[0]] <= st) {
                free.set(heap[0]);
                heap[0] = heap[--heapSize];
                siftDown(heap, heapSize, laneEnd, 0);
            }
            int lane = free.nextSetBit(0);
            if (lane < 0 || lane >= lanes) {
                if (lanes == Short.MAX_VALUE) {
                    lane = lanes - 1;
                } else {
                    lane = lanes++;
                    if (lane == laneEnd.length) {
                        laneEnd = Arrays.copyOf(laneEnd, lane * 2);
                    }
                }
            } else {
                free.clear(lane);
            }
            depth[i] = (short) lane;
            laneEnd[lane] = Math.max(laneEnd[lane], st + d[i]);
            if (heapSize == heap.length) {
                heap = Arrays.copyOf(heap, heapSize * 2);
            }
            heap[heapSize] = lane;
            siftUp(heap, heapSize++, laneEnd);
        }
        return depth;
    }

    private static void siftUp(int[] heap, int i, long[] key) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (key[heap[parent]] <= key[v]) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void siftDown(int[] heap, int size, long[] key, int i) {
        if (size == 0) {
            return;
        }
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && key[heap[c + 1]] < key[heap[c]]) {
                c++;
            }
            if (key[v] <= key[heap[c]]) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }
}
