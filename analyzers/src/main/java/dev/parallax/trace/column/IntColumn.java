package dev.parallax.trace.column;

import java.util.Arrays;

/**
 * A growable column of {@code int} values. The first chunk grows by doubling from a small size, the
 * rest are fixed-size chunks, so a track with few events costs little, appending never copies a large
 * array, and a big import does not need twice its memory while it grows.
 */
public final class IntColumn {
    private static final int SHIFT = 14;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private int[][] chunks = new int[][] {new int[8]};
    private int size;

    public void add(int value) {
        int c = size >>> SHIFT;
        int i = size & MASK;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        int[] chunk = chunks[c];
        if (chunk == null) {
            chunk = new int[CHUNK];
            chunks[c] = chunk;
        } else if (i == chunk.length) {
            chunk = Arrays.copyOf(chunk, Math.min(CHUNK, chunk.length * 2));
            chunks[c] = chunk;
        }
        chunk[i] = value;
        size++;
    }

    public int get(int index) {
        return chunks[index >>> SHIFT][index & MASK];
    }

    public void set(int index, int value) {
        chunks[index >>> SHIFT][index & MASK] = value;
    }

    public int size() {
        return size;
    }

    /** The last value; the column must not be empty. */
    public int last() {
        return get(size - 1);
    }

    /** Copies the values into one exact-size array, optionally in the order given by {@code order}. */
    public int[] toArray(int[] order) {
        int[] out = new int[size];
        if (order == null) {
            for (int c = 0, pos = 0; pos < size; c++) {
                int n = Math.min(CHUNK, size - pos);
                System.arraycopy(chunks[c], 0, out, pos, n);
                pos += n;
            }
        } else {
            for (int i = 0; i < size; i++) {
                out[i] = get(order[i]);
            }
        }
        return out;
    }

    /** Forgets the values from index {@code newSize} on (used to drop a half-read event). */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException(newSize);
        }
        size = newSize;
    }

    /** Releases the storage; the column is empty afterwards. */
    public void clear() {
        chunks = new int[][] {new int[8]};
        size = 0;
    }

    /**
     * Copies the values into one exact-size array and empties the column, freeing each chunk as soon as it
     * is copied: a large column never needs twice its memory.
     */
    public int[] toArrayAndClear() {
        int[] out = new int[size];
        for (int c = 0, pos = 0; pos < size; c++) {
            int n = Math.min(CHUNK, size - pos);
            System.arraycopy(chunks[c], 0, out, pos, n);
            chunks[c] = null;
            pos += n;
        }
        clear();
        return out;
    }
}
