package dev.parallax.trace;

import dev.parallax.trace.column.IntColumn;
import dev.parallax.trace.column.LongColumn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact storage of event arguments: each argument is one interned key with a type tag (packed in an
 * int) and one 8-byte value; a slice refers to its argument record by an int handle (-1 for none).
 * Values are decoded only when a user selects a slice or an analysis asks for a key.
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

    private static final int TYPE_BITS = 3;
    private static final int TYPE_MASK = (1 << TYPE_BITS) - 1;

    private final int[] recordStart;
    private final int[] keyAndType;
    private final long[] values;

    private ArgStore(int[] recordStart, int[] keyAndType, long[] values) {
        this.recordStart = recordStart;
        this.keyAndType = keyAndType;
        this.values = values;
    }

    public static ArgStore empty() {
        return new ArgStore(new int[] {0}, new int[0], new long[0]);
    }

    public int recordCount() {
        return recordStart.length - 1;
    }

    public int argCount(int handle) {
        return handle < 0 ? 0 : recordStart[handle + 1] - recordStart[handle];
    }

    public int key(int handle, int i) {
        return keyAndType[recordStart[handle] + i] >>> TYPE_BITS;
    }

    public int type(int handle, int i) {
        return keyAndType[recordStart[handle] + i] & TYPE_MASK;
    }

    public long rawValue(int handle, int i) {
        return values[recordStart[handle] + i];
    }

    /** Index of the argument with key id {@code keyId} in record {@code handle}, or -1. */
    public int indexOf(int handle, int keyId) {
        if (handle < 0 || keyId < 0) {
            return -1;
        }
        for (int i = recordStart[handle], end = recordStart[handle + 1]; i < end; i++) {
            if (keyAndType[i] >>> TYPE_BITS == keyId) {
                return i - recordStart[handle];
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
        return 4L * recordStart.length + 4L * keyAndType.length + 8L * values.length;
    }

    /** Appends argument records while a trace is built. */
    public static final class Builder {
        private final IntColumn recordStart = new IntColumn();
        private final IntColumn keyAndType = new IntColumn();
        private final LongColumn values = new LongColumn();
        private int openStart = -1;

        /** Starts a record; put values, then {@link #end()}. */
        public void begin() {
            openStart = keyAndType.size();
        }

        public void putLong(int key, long v) {
            put(key, LONG, v);
        }

        public void putDouble(int key, double v) {
            put(key, DOUBLE, Double.doubleToRawLongBits(v));
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

        private void put(int key, int type, long value) {
            keyAndType.add(key << TYPE_BITS | type);
            values.add(value);
        }

        /** Closes the record: its handle, or -1 when it holds no argument. */
        public int end() {
            int start = openStart;
            openStart = -1;
            if (start < 0 || start == keyAndType.size()) {
                return -1;
            }
            recordStart.add(start);
            return recordStart.size() - 1;
        }

        /** Drops a record begun but not ended (e.g. when the event turned out to be invalid). */
        public void abandon() {
            if (openStart >= 0) {
                truncateTo(openStart);
                openStart = -1;
            }
        }

        private void truncateTo(int n) {
            keyAndType.truncate(n);
            values.truncate(n);
        }

        public ArgStore build() {
            int[] starts = new int[recordStart.size() + 1];
            for (int i = 0; i < recordStart.size(); i++) {
                starts[i] = recordStart.get(i);
            }
            starts[recordStart.size()] = keyAndType.size();
            ArgStore store = new ArgStore(starts, keyAndType.toArray(null), values.toArray(null));
            recordStart.clear();
            keyAndType.clear();
            values.clear();
            return store;
        }
    }
}
