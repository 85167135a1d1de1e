package dev.parallax.analysis.gpu;

import java.util.Arrays;

/**
 * Host launch time by correlation id. Correlation ids grow in launch order (CUPTI hands them out that
 * way), and a stream's device events run in launch order, so the index keeps the ids sorted and a
 * {@link Cursor} walking one stream finds each id by galloping forward from the previous one: near-linear
 * and cache-friendly, instead of one random hash probe per event. Unsorted or huge ids are sorted (packed
 * with their position) or, as a last resort, hashed.
 */
final class CorrelationIndex {
    private final long[] keys;
    private final long[] values;
    private final int size;
    private final LongLongMap hashed;

    private CorrelationIndex(long[] keys, long[] values, int size, LongLongMap hashed) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.hashed = hashed;
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Looks ids up, remembering where the last one was found. */
    final class Cursor {
        private int pos;

        long find(long key, long fallback) {
            if (hashed != null) {
                return hashed.get(key, fallback);
            }
            if (size == 0) {
                return fallback;
            }
            int lo;
            int hi;
            if (pos < size && keys[pos] <= key) {
                int step = 1;
                lo = pos;
                hi = pos + 1;
                while (hi < size && keys[hi] <= key) {
                    lo = hi;
                    hi = Math.min(size, hi + step);
                    step <<= 1;
                }
            } else {
                lo = 0;
                hi = Math.min(pos, size);
            }
            // first index in [lo, hi) with keys[i] >= key
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo < size && keys[lo] == key) {
                pos = lo;
                return values[lo];
            }
            return fallback;
        }
    }

    /** Collects (id, time) pairs; for a repeated id a launch event wins over other host events. */
    static final class Builder {
        private long[] keys = new long[1024];
        private long[] values = new long[1024];
        private boolean[] launch = new boolean[1024];
        private int size;

        void add(long key, long value, boolean isLaunch) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
                launch = Arrays.copyOf(launch, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            launch[size] = isLaunch;
            size++;
        }

        CorrelationIndex build() {
            boolean sorted = true;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                if (i > 0 && keys[i] < keys[i - 1]) {
                    sorted = false;
                }
                min = Math.min(min, keys[i]);
                max = Math.max(max, keys[i]);
            }
            if (!sorted) {
                if (min >= 0 && max < 1L << 38 && size < 1 << 25) {
                    long[] packed = new long[size];
                    for (int i = 0; i < size; i++) {
                        packed[i] = keys[i] << 25 | i;
                    }
                    Arrays.sort(packed);
                    long[] k = new long[size];
                    long[] v = new long[size];
                    boolean[] l = new boolean[size];
                    for (int i = 0; i < size; i++) {
                        int from = (int) (packed[i] & ((1 << 25) - 1));
                        k[i] = keys[from];
                        v[i] = values[from];
                        l[i] = launch[from];
                    }
                    keys = k;
                    values = v;
                    launch = l;
                } else {
                    LongLongMap map = new LongLongMap(size);
                    for (int i = 0; i < size; i++) {
                        map.put(keys[i], values[i], launch[i]);
                    }
                    return new CorrelationIndex(null, null, 0, map);
                }
            }
            // collapse repeated ids: keep the first launch event, else the first event
            int w = 0;
            for (int i = 0; i < size; i++) {
                if (w > 0 && keys[w - 1] == keys[i]) {
                    if (launch[i] && !launch[w - 1]) {
                        values[w - 1] = values[i];
                        launch[w - 1] = true;
                    }
                    continue;
                }
                keys[w] = keys[i];
                values[w] = values[i];
                launch[w] = launch[i];
                w++;
            }
            return new CorrelationIndex(keys, values, w, null);
        }
    }
}
