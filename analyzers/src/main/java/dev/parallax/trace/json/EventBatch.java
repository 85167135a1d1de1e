package dev.parallax.trace.json;

import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one chunk of a trace file, parsed but not yet committed: one row of primitive columns per
 * array element, arguments in flat columns, strings as ids into the chunk's own {@link ByteInterner}.
 * Committed in file order by {@link ChromeJsonReader#replay}, which maps the chunk's string ids to the
 * trace's in the order the strings first appeared, so that the result equals a sequential read.
 */
final class EventBatch {
    static final byte EVENT = 0;
    static final byte NON_OBJECT = 1;

    static final int HAS_PH = 1;
    static final int HAS_TS = 2;
    static final int HAS_DUR = 4;
    static final int BAD_TIME = 8;
    static final int ID_NUMBER = 16;
    static final int ID_LOCAL = 32;
    static final int BIND_ENCLOSING = 64;
    static final int ARGS_BAD = 128;

    /** The chunk's distinct strings, numbered in order of first appearance. */
    final ByteInterner strings = new ByteInterner();
    int size;
    byte[] kind = new byte[1024];
    char[] ph = new char[1024];
    char[] scope = new char[1024];
    int[] flags = new int[1024];
    int[] name = new int[1024];
    int[] cat = new int[1024];
    int[] pid = new int[1024];
    int[] tid = new int[1024];
    int[] idText = new int[1024];
    int[] argStart = new int[1025];
    int[] argStream = new int[1024];
    int[] argDevice = new int[1024];
    int[] strCount = new int[1024];
    /** The value of a numeric {@code id} ({@link IdNumbers#NOT_A_NUMBER} when none or not a number). */
    long[] idNumber = new long[1024];
    long[] ts = new long[1024];
    long[] dur = new long[1024];
    long[] end = new long[1024];

    int args;
    int[] argKey = new int[4096];
    int[] argType = new int[4096];
    long[] argValue = new long[4096];

    /**
     * The trace's ids of the chunk's strings that the trace already held when the chunk was parsed, by
     * local id, or -1 (the first {@code resolvedCount}); looked up by the parsing thread so that the
     * in-order commit interns only the texts that are new.
     */
    int[] resolved = new int[1024];
    int resolvedCount;
    /** The texts not resolved, decoded (by the parsing thread too), by local id; null where resolved. */
    String[] decoded = new String[1024];

    /** Problems found while parsing, in order, each before the commit of the element it belongs to. */
    final List<Problem> problems = new ArrayList<>();

    /** The chunk's local ids of the well-known argument keys, or negative when not seen. */
    int keyStream = -2;
    int keyDevice = -2;
    int keyName = -2;
    int keySortIndex = -2;

    /** Where the first element after this chunk starts (absolute), or -1 when the chunk ended the array. */
    long next = -1;
    /** Absolute offset of the closing bracket of the event array, when this chunk reached it; else -1. */
    long arrayEnd = -1;
    /** Absolute file offset of the chunk's bytes covered (for progress). */
    long from;
    long to;

    /** A problem found while parsing element {@code element}. */
    record Problem(int element, Severity severity, DiagnosticCode code, String message, long offset) {
    }

    /** Empties this batch for the next chunk, keeping its arrays (fewer allocations, fewer collections). */
    void reset() {
        strings.clear();
        size = 0;
        args = 0;
        argStart[0] = 0;
        problems.clear();
        java.util.Arrays.fill(decoded, 0, resolvedCount, null);
        resolvedCount = 0;
        keyStream = -2;
        keyDevice = -2;
        keyName = -2;
        keySortIndex = -2;
        next = -1;
        arrayEnd = -1;
        from = 0;
        to = 0;
    }

    /** Makes room for one more element; returns its index. */
    int add() {
        if (size == kind.length) {
            int n = size * 2;
            kind = Arrays.copyOf(kind, n);
            ph = Arrays.copyOf(ph, n);
            scope = Arrays.copyOf(scope, n);
            flags = Arrays.copyOf(flags, n);
            name = Arrays.copyOf(name, n);
            cat = Arrays.copyOf(cat, n);
            pid = Arrays.copyOf(pid, n);
            tid = Arrays.copyOf(tid, n);
            idText = Arrays.copyOf(idText, n);
            argStart = Arrays.copyOf(argStart, n + 1);
            argStream = Arrays.copyOf(argStream, n);
            argDevice = Arrays.copyOf(argDevice, n);
            strCount = Arrays.copyOf(strCount, n);
            idNumber = Arrays.copyOf(idNumber, n);
            ts = Arrays.copyOf(ts, n);
            dur = Arrays.copyOf(dur, n);
            end = Arrays.copyOf(end, n);
        }
        return size++;
    }

    /** Looks up every string of the chunk in the trace's interner (any thread; see {@link #resolved}). */
    void resolve(ByteInterner trace) {
        int n = strings.size();
        if (resolved.length < n) {
            resolved = new int[Math.max(n, resolved.length * 2)];
            decoded = new String[resolved.length];
        }
        for (int i = 0; i < n; i++) {
            int id = trace.find(strings, i);
            resolved[i] = id;
            if (id < 0) {
                decoded[i] = strings.decode(i);
            }
        }
        resolvedCount = n;
    }

    void arg(int key, int type, long value) {
        if (args == argKey.length) {
            int n = args * 2;
            argKey = Arrays.copyOf(argKey, n);
            argType = Arrays.copyOf(argType, n);
            argValue = Arrays.copyOf(argValue, n);
        }
        argKey[args] = key;
        argType[args] = type;
        argValue[args] = value;
        args++;
    }
}
