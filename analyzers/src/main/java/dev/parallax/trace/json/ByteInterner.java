package dev.parallax.trace.json;

import dev.parallax.trace.StringPool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns UTF-8 byte ranges (straight from the tokenizer's buffer) into a trace's {@link StringPool.Builder}
 * without creating a String when the text was seen before: an open-addressing table of pool ids keyed by
 * the bytes' hash. Only new strings allocate (bytes that are not valid UTF-8 decode with replacement
 * characters, as {@link String#String(byte[], int, int, java.nio.charset.Charset)} does).
 *
 * <p>Without a pool (a chunk of a file read in parallel) it numbers the distinct texts itself, in the order
 * they first appear, and keeps their bytes and hashes, so that committing the chunk interns them into the
 * trace's interner without decoding a String for any text the trace already holds.
 *
 * <p>One thread interns; any number of others may {@link #find} at the same time (the threads parsing
 * chunks look their texts up while the committing thread adds): an entry is published by a release
 * write of its id after its text and hash, and a grown table by a volatile write.
 */
final class ByteInterner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(int[].class);
    private final StringPool.Builder pool;
    private int[] ids = new int[1 << 12];
    private int[] hashes = new int[1 << 12];
    private byte[][] texts = new byte[1 << 12][];
    /** The table as other threads see it (the same arrays; replaced after they are grown and filled). */
    private volatile Table shared = new Table(ids, hashes, texts);
    private boolean added;
    private int size;
    /** Without a pool: the texts and their hashes by id. */
    private byte[][] byId;
    private int[] hashById;

    ByteInterner(StringPool.Builder pool) {
        this.pool = pool;
    }

    /**
     * An interner that numbers texts itself in order of first appearance; id 0 is the empty text, as in a
     * {@link StringPool.Builder}.
     */
    ByteInterner() {
        this.pool = null;
        this.byId = new byte[1 << 10][];
        this.hashById = new int[1 << 10];
        intern(new byte[0], 0, 0);
    }

    /** Without a pool: forgets every text but the empty one, keeping the tables. */
    void clear() {
        Arrays.fill(ids, 0);
        Arrays.fill(texts, null);
        Arrays.fill(byId, 0, size, null);
        size = 0;
        added = false;
        intern(new byte[0], 0, 0);
    }

    int intern(byte[] c, int off, int len) {
        return intern(c, off, len, hash(c, off, len), null, null);
    }

    /**
     * Interns text {@code id} of another (pool-less) interner, reusing its hash and bytes (that interner
     * never changes them), and {@code decoded}, its text as a String, when the caller has it (else null).
     */
    int internFrom(ByteInterner other, int id, String decoded) {
        byte[] t = other.byId[id];
        return intern(t, 0, t.length, other.hashById[id], t, decoded);
    }

    /** Text {@code id} of a pool-less interner as a String (its hash computed, so that a pool's map has it). */
    String decode(int id) {
        String s = get(id);
        s.hashCode();
        return s;
    }

    private int intern(byte[] c, int off, int len, int h, byte[] exact, String decoded) {
        int mask = ids.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            int id = ids[slot];
            if (id == 0) {
                break;
            }
            byte[] t = texts[slot];
            if (hashes[slot] == h && t.length == len && Arrays.equals(t, 0, len, c, off, off + len)) {
                added = false;
                return id - 1;
            }
            slot = (slot + 1) & mask;
        }
        byte[] copy = exact != null ? exact : Arrays.copyOfRange(c, off, off + len);
        int id;
        if (pool != null) {
            id = pool.intern(decoded != null ? decoded : new String(c, off, len, StandardCharsets.UTF_8));
        } else {
            id = size;
            if (id == byId.length) {
                byId = Arrays.copyOf(byId, id * 2);
                hashById = Arrays.copyOf(hashById, id * 2);
            }
            byId[id] = copy;
            hashById[id] = h;
        }
        added = true;
        hashes[slot] = h;
        texts[slot] = copy;
        IDS.setRelease(ids, slot, id + 1);
        if (++size * 2 > ids.length) {
            grow();
        }
        return id;
    }

    /**
     * Hash of all the bytes, eight at a time in two independent lanes (read as little-endian longs), so
     * that long texts (kernel names, call stacks) hash at several bytes per cycle.
     */
    static int hash(byte[] c, int off, int len) {
        long h0 = len;
        long h1 = 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 16 <= end; i += 16) {
            h0 = (h0 ^ (long) LONGS.get(c, i)) * 0xBF58476D1CE4E5B9L;
            h1 = (h1 ^ (long) LONGS.get(c, i + 8)) * 0x94D049BB133111EBL;
        }
        if (i + 8 <= end) {
            h0 = (h0 ^ (long) LONGS.get(c, i)) * 0xBF58476D1CE4E5B9L;
            i += 8;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (c[i] & 0xffL) << shift;
        }
        long h = (h0 ^ h0 >>> 31) + (h1 ^ tail) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return (int) (h ^ h >>> 32);
    }

    /**
     * This interner's id of text {@code id} of another (pool-less) interner, or -1 when it holds no such
     * text yet; safe to call from any thread while one thread interns.
     */
    int find(ByteInterner other, int id) {
        byte[] c = other.byId[id];
        int h = other.hashById[id];
        Table t = shared;
        int mask = t.ids.length - 1;
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
            int found = (int) IDS.getAcquire(t.ids, slot);
            if (found == 0) {
                return -1;
            }
            byte[] text = t.texts[slot];
            if (t.hashes[slot] == h && text.length == c.length && Arrays.equals(text, c)) {
                return found - 1;
            }
        }
    }

    int intern(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return intern(b, 0, b.length);
    }

    /** The text of an id. */
    String get(int id) {
        return pool != null ? pool.get(id) : new String(byId[id], StandardCharsets.UTF_8);
    }

    /**
     * Without a pool: text {@code id} as characters, without copying when it is ASCII (a view of its bytes;
     * otherwise the decoded String), for reading it as a number.
     */
    CharSequence chars(int id) {
        byte[] b = byId[id];
        for (byte x : b) {
            if (x < 0) {
                return get(id);
            }
        }
        return new AsciiChars(b);
    }

    /** ASCII bytes seen as characters. */
    private record AsciiChars(byte[] bytes) implements CharSequence {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new AsciiChars(Arrays.copyOfRange(bytes, start, end));
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Without a pool: how many distinct texts (the next id). */
    int size() {
        return size;
    }

    /** Whether the last {@link #intern} call added a text not seen before. */
    boolean added() {
        return added;
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
        byte[][] oldTexts = texts;
        ids = new int[oldIds.length * 2];
        hashes = new int[oldIds.length * 2];
        texts = new byte[oldIds.length * 2][];
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
        shared = new Table(ids, hashes, texts);
    }

    private record Table(int[] ids, int[] hashes, byte[][] texts) {
    }
}
