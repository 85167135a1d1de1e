package dev.parallax.analysis.classify;

/** An open-addressing set of longs (no boxing), for correlation ids. */
final class LongSet {
    private static final long EMPTY = Long.MIN_VALUE + 7;
    private long[] table;
    private int size;
    private boolean hasEmpty;

    LongSet(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
        table = new long[cap];
        java.util.Arrays.fill(table, EMPTY);
    }

    void add(long v) {
        if (v == EMPTY) {
            hasEmpty = true;
            return;
        }
        if (size * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        int i = mix(v) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == v) {
                return;
            }
            i = i + 1 & mask;
        }
        table[i] = v;
        size++;
    }

    boolean contains(long v) {
        if (v == EMPTY) {
            return hasEmpty;
        }
        int mask = table.length - 1;
        int i = mix(v) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == v) {
                return true;
            }
            i = i + 1 & mask;
        }
        return false;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        java.util.Arrays.fill(table, EMPTY);
        size = 0;
        for (long v : old) {
            if (v != EMPTY) {
                add(v);
            }
        }
    }

    static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
