package dev.parallax.analysis.gpu;

import java.util.Arrays;

/** An open-addressing long → long map without boxing (correlation id → launch time). */
final class LongLongMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private long[] values;
    private int size;

    LongLongMap(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
    }

    /** Stores {@code value} for {@code key} (EMPTY keys are ignored); {@code overwrite} false keeps the first. */
    void put(long key, long value, boolean overwrite) {
        if (key == EMPTY) {
            return;
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                if (overwrite) {
                    values[i] = value;
                }
                return;
            }
            i = i + 1 & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    long get(long key, long fallback) {
        if (key == EMPTY) {
            return fallback;
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = i + 1 & mask;
        }
        return fallback;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        long[] ov = values;
        keys = new long[ok.length * 2];
        values = new long[ok.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != EMPTY) {
                put(ok[i], ov[i], true);
            }
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
