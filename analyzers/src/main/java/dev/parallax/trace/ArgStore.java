package dev.parallax.trace;

import dev.parallax.trace.column.IntColumn;
import dev.parallax.trace.column.LongColumn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact storage of event arguments, decoded only when a user selects a slice or an analysis asks for a
 * key. A slice refers to its argument record by an int handle (-1 for none).
 *
 * <p>Events of one kind carry the same keys with the same types in the same order (every kernel has
 * {@code device, stream, correlation, grid, ...}), so a record stores only a <em>shape</em> id (its
 * interned key/type sequence) and one 32-bit slot per value: integers that fit, string ids and booleans
 * inline; doubles and wider integers as an index into a side array of longs. A typical Kineto argument
 * costs 4 bytes instead of 12.
 */
public final class ArgStore {
    /** Type tags of argument values. */
    public static final int NULL = 0;
    public static final int BOOL = 1;
    public static final int LONG = 2;
    public static final int DOUBLE = 3;
    public static final int STRING = 4;
    /** A JSON array or object, kept as its compact JSON text in the string pool. */
    public static final int JSON = 5;
    /** Internal: a long that does not fit in an int, stored in the side array. */
    private static final int WIDE_LONG = 6;

    private static final int TYPE_BITS = 3;
    private static final int TYPE_MASK = (1 << TYPE_BITS) - 1;

    private final int[] recordStart;
    private final int[] recordShape;
    private final int[] shapeStart;
    private final int[] shapeKeyType;
    private final int[] slots;
    private final long[] wide;

    private ArgStore(int[] recordStart, int[] recordShape, int[] shapeStart, int[] shapeKeyType, int[] slots,
                     long[] wide) {
        this.recordStart = recordStart;
        this.recordShape = recordShape;
        this.shapeStart = shapeStart;
        this.shapeKeyType = shapeKeyType;
        this.slots = slots;
        this.wide = wide;
    }

    public static ArgStore empty() {
        return new Builder().build();
    }

    public int recordCount() {
        return recordShape.length;
    }

    /** Distinct key/type sequences among the records. */
    public int shapeCount() {
        return shapeStart.length - 1;
    }

    public int argCount(int handle) {
        return handle < 0 ? 0 : recordStart[handle + 1] - recordStart[handle];
    }

    private int keyType(int handle, int i) {
        return shapeKeyType[shapeStart[recordShape[handle]] + i];
    }

    public int key(int handle, int i) {
        return keyType(handle, i) >>> TYPE_BITS;
    }

    public int type(int handle, int i) {
        int t = keyType(handle, i) & TYPE_MASK;
        return t == WIDE_LONG ? LONG : t;
    }

    /** The value as 64 bits: the long, the double's raw bits, the string id, or 0/1. */
    public long rawValue(int handle, int i) {
        int slot = slots[recordStart[handle] + i];
        switch (keyType(handle, i) & TYPE_MASK) {
            case DOUBLE:
            case WIDE_LONG:
                return wide[slot];
            default:
                return slot;
        }
    }

    /** Index of the argument with key id {@code keyId} in record {@code handle}, or -1. */
    public int indexOf(int handle, int keyId) {
        if (handle < 0 || keyId < 0) {
            return -1;
        }
        int shape = recordShape[handle];
        for (int i = shapeStart[shape], end = shapeStart[shape + 1]; i < end; i++) {
            if (shapeKeyType[i] >>> TYPE_BITS == keyId) {
                return i - shapeStart[shape];
            }
        }
        return -1;
    }

    /** The argument as a long (doubles truncated, strings parsed when numeric), or {@code fallback}. */
    public long getLong(int handle, int keyId, StringPool pool, long fallback) {
        int i = indexOf(handle, keyId);
        if (i < 0) {
            return fallback;
        }
        long raw = rawValue(handle, i);
        switch (type(handle, i)) {
            case LONG:
            case BOOL:
                return raw;
            case DOUBLE:
                double d = Double.longBitsToDouble(raw);
                return Double.isFinite(d) ? (long) d : fallback;
            case STRING:
                try {
                    return Long.parseLong(pool.get((int) raw).trim());
                } catch (NumberFormatException e) {
                    return fallback;
                }
            default:
                return fallback;
        }
    }

    /** The argument as a double, or {@code fallback}. */
    public double getDouble(int handle, int keyId, StringPool pool, double fallback) {
        int i = indexOf(handle, keyId);
        if (i < 0) {
            return fallback;
        }
        long raw = rawValue(handle, i);
        switch (type(handle, i)) {
            case LONG:
            case BOOL:
                return raw;
            case DOUBLE:
                return Double.longBitsToDouble(raw);
            case STRING:
                try {
                    return Double.parseDouble(pool.get((int) raw).trim());
                } catch (NumberFormatException e) {
                    return fallback;
                }
            default:
                return fallback;
        }
    }

    /** The argument rendered as text (JSON text for arrays and objects), or null when absent. */
    public String getString(int handle, int keyId, StringPool pool) {
        int i = indexOf(handle, keyId);
        return i < 0 ? null : String.valueOf(decodeValue(handle, i, pool));
    }

    /** Decodes one value: Boolean, Long, Double, String (also for JSON text) or null. */
    public Object decodeValue(int handle, int i, StringPool pool) {
        long raw = rawValue(handle, i);
        switch (type(handle, i)) {
            case BOOL:
                return raw != 0;
            case LONG:
                return raw;
            case DOUBLE:
                return Double.longBitsToDouble(raw);
            case STRING:
            case JSON:
                return pool.get((int) raw);
            default:
                return null;
        }
    }

    /** All arguments of a record, in their original order. */
    public Map<String, Object> decode(int handle, StringPool pool) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0, n = argCount(handle); i < n; i++) {
            out.put(pool.get(key(handle, i)), decodeValue(handle, i, pool));
        }
        return out;
    }

    public long memoryBytes() {
        return 4L * (recordStart.length + recordShape.length + shapeStart.length + shapeKeyType.length
                + slots.length) + 8L * wide.length;
    }

    /** Appends argument records while a trace is built. */
    public static final class Builder {
        private final IntColumn recordStart = new IntColumn();
        private final IntColumn recordShape = new IntColumn();
        private final IntColumn slots = new IntColumn();
        private final LongColumn wide = new LongColumn();
        private final IntColumn shapeStart = new IntColumn();
        private final IntColumn shapeKeyType = new IntColumn();
        private int[] shapeTable = new int[256];
        private int shapeCount;
        private int[] pending = new int[16];
        private int pendingCount;
        private boolean open;
        private int openSlots;
        private int openWide;

        public Builder() {
            Arrays.fill(shapeTable, -1);
            recordStart.add(0);
            shapeStart.add(0);
        }

        /** Starts a record; put values, then {@link #end()}. */
        public void begin() {
            open = true;
            pendingCount = 0;
            openSlots = slots.size();
            openWide = wide.size();
        }

        public void putLong(int key, long v) {
            if (v == (int) v) {
                put(key, LONG, (int) v);
            } else {
                put(key, WIDE_LONG, wideSlot(v));
            }
        }

        public void putDouble(int key, double v) {
            put(key, DOUBLE, wideSlot(Double.doubleToRawLongBits(v)));
        }

        public void putBool(int key, boolean v) {
            put(key, BOOL, v ? 1 : 0);
        }

        public void putString(int key, int stringId) {
            put(key, STRING, stringId);
        }

        public void putJson(int key, int jsonTextId) {
            put(key, JSON, jsonTextId);
        }

        public void putNull(int key) {
            put(key, NULL, 0);
        }

        private int wideSlot(long bits) {
            int index = wide.size();
            wide.add(bits);
            return index;
        }

        private void put(int key, int type, int slot) {
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, pendingCount * 2);
            }
            pending[pendingCount++] = key << TYPE_BITS | type;
            slots.add(slot);
        }

        /** Closes the record: its handle, or -1 when it holds no argument. */
        public int end() {
            boolean wasOpen = open;
            open = false;
            if (!wasOpen || pendingCount == 0) {
                return -1;
            }
            recordShape.add(shape());
            recordStart.add(slots.size());
            return recordShape.size() - 1;
        }

        /** Drops a record begun but not ended (e.g. when the event turned out to be invalid). */
        public void abandon() {
            if (open) {
                slots.truncate(openSlots);
                wide.truncate(openWide);
                pendingCount = 0;
                open = false;
            }
        }

        /** The id of the pending key/type sequence, interned. */
        private int shape() {
            int h = 1;
            for (int i = 0; i < pendingCount; i++) {
                h = 31 * h + pending[i];
            }
            h ^= h >>> 16;
            int mask = shapeTable.length - 1;
            for (int slot = h & mask; ; slot = (slot + 1) & mask) {
                int s = shapeTable[slot];
                if (s < 0) {
                    int id = shapeCount++;
                    for (int i = 0; i < pendingCount; i++) {
                        shapeKeyType.add(pending[i]);
                    }
                    shapeStart.add(shapeKeyType.size());
                    shapeTable[slot] = id;
                    if (shapeCount * 2 > shapeTable.length) {
                        rehash();
                    }
                    return id;
                }
                if (sameShape(s)) {
                    return s;
                }
            }
        }

        private boolean sameShape(int s) {
            int from = shapeStart.get(s);
            if (shapeStart.get(s + 1) - from != pendingCount) {
                return false;
            }
            for (int i = 0; i < pendingCount; i++) {
                if (shapeKeyType.get(from + i) != pending[i]) {
                    return false;
                }
            }
            return true;
        }

        private void rehash() {
            int[] table = new int[shapeTable.length * 2];
            Arrays.fill(table, -1);
            int mask = table.length - 1;
            for (int s = 0; s < shapeCount; s++) {
                int h = 1;
                for (int i = shapeStart.get(s), end = shapeStart.get(s + 1); i < end; i++) {
                    h = 31 * h + shapeKeyType.get(i);
                }
                h ^= h >>> 16;
                int slot = h & mask;
                while (table[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = s;
            }
            shapeTable = table;
        }

        public ArgStore build() {
            return new ArgStore(recordStart.toArrayAndClear(), recordShape.toArrayAndClear(),
                    shapeStart.toArrayAndClear(), shapeKeyType.toArrayAndClear(), slots.toArrayAndClear(),
                    wide.toArrayAndClear());
        }
    }
}
