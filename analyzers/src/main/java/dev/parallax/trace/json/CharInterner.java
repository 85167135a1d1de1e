package dev.parallax.trace.json;

import dev.parallax.trace.StringPool;

import java.util.Arrays;

/**
 * Interns character ranges (straight from the parser's buffer) into a trace's {@link StringPool.Builder}
 * without creating a String when the text was seen before: an open-addressing table of pool ids keyed by
 * the characters' hash. Only new strings allocate.
 */
final class CharInterner {
    private final StringPool.Builder pool;
    private int[] ids = new int[1 << 12];
    private int[] hashes = new int[1 << 12];
    private char[][] texts = new char[1 << 12][];
    private int size;

    CharInterner(StringPool.Builder pool) {
        this.pool = pool;
    }

    int intern(char[] c, int off, int len) {
        int h = hash(c, off, len);
        int mask = ids.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int id = ids[slot];
            if (id == 0) {
                break;
            }
            char[] t = texts[slot];
            if (hashes[slot] == h && t.length == len && Arrays.equals(t, 0, len, c, off, off + len)) {
                return id - 1;
            }
            slot = (slot + 1) & mask;
        }
        int id = pool.intern(new String(c, off, len));
        ids[slot] = id + 1;
        hashes[slot] = h;
        texts[slot] = Arrays.copyOfRange(c, off, off + len);
        if (++size * 2 > ids.length) {
            grow();
        }
        return id;
    }

    /**
     * Hash of all the characters, computed in four independent lanes so that long texts (kernel names,
     * call stacks) hash at several characters per cycle.
     */
    static int hash(char[] c, int off, int len) {
        int h0 = len;
        int h1 = 0;
        int h2 = 0;
        int h3 = 0;
        int i = off;
        int end = off + len;
        for (; i + 3 < end; i += 4) {
            h0 = 31 * h0 + c[i];
            h1 = 31 * h1 + c[i + 1];
            h2 = 31 * h2 + c[i + 2];
            h3 = 31 * h3 + c[i + 3];
        }
        for (; i < end; i++) {
            h0 = 31 * h0 + c[i];
        }
        return h0 * 0x9E3779B1 + h1 * 0x85EBCA77 + h2 * 0xC2B2AE3D + h3;
    }

    int intern(String s) {
        return intern(s.toCharArray(), 0, s.length());
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private void grow() {
        int[] oldIds = ids;
        int[] oldHashes = hashes;
        char[][] oldTexts = texts;
        ids = new int[oldIds.length * 2];
        hashes = new int[oldIds.length * 2];
        texts = new char[oldIds.length * 2][];
        int mask = ids.length - 1;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != 0) {
                int slot = mix(oldHashes[i]) & mask;
                while (ids[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                ids[slot] = oldIds[i];
                hashes[slot] = oldHashes[i];
                texts[slot] = oldTexts[i];
            }
        }
    }
}
