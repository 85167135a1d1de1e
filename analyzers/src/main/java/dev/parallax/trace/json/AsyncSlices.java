package dev.parallax.trace.json;

import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.LoadDiagnostics;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches Chrome async events: a begin ({@code b}) and an end ({@code e}) pair up when they share category
 * and id (an {@code id2.local} id is scoped to its process); nested pairs with one id close innermost
 * first. Each matched pair becomes a slice on an {@link TrackKind#ASYNC} track named after the begin
 * event (one track per process and name); {@code n} becomes a zero-length slice on the track of the
 * open pair it belongs to. Begins never ended are closed at the last time seen, and reported.
 */
final class AsyncSlices {
    static final int OK = 0;
    static final int NO_BEGIN = 1;
    static final int BEFORE_BEGIN = 2;

    private record Key(int cat, int id, int scopePid) {
    }

    private record Open(int track, long start, int name, int cat, int args) {
    }

    private final TraceBuilder b;
    private final Map<Key, ArrayDeque<Open>> open = new HashMap<>();
    private long lastTime = Long.MIN_VALUE;

    AsyncSlices(TraceBuilder b) {
        this.b = b;
    }

    private int trackFor(int pid, int name) {
        return b.sliceTrack(TrackKind.ASYNC, b.strings().get(pid), b.strings().get(name));
    }

    void begin(int cat, int id, int scopePid, int pid, int name, long ts, int args) {
        open.computeIfAbsent(new Key(cat, id, scopePid), k -> new ArrayDeque<>())
                .push(new Open(trackFor(pid, name), ts, name, cat, args));
        lastTime = Math.max(lastTime, ts);
    }

    int end(int cat, int id, int scopePid, long ts) {
        lastTime = Math.max(lastTime, ts);
        Key k = new Key(cat, id, scopePid);
        ArrayDeque<Open> stack = open.get(k);
        if (stack == null || stack.isEmpty()) {
            return NO_BEGIN;
        }
        Open o = stack.pop();
        if (stack.isEmpty()) {
            open.remove(k);
        }
        if (ts < o.start) {
            return BEFORE_BEGIN;
        }
        b.addSlice(o.track, o.start, ts - o.start, o.name, o.cat, o.args);
        return OK;
    }

    void instant(int cat, int id, int scopePid, int pid, int name, long ts, int args) {
        lastTime = Math.max(lastTime, ts);
        ArrayDeque<Open> stack = open.get(new Key(cat, id, scopePid));
        int track = stack == null || stack.isEmpty() ? trackFor(pid, name) : stack.peek().track;
        b.addSlice(track, ts, 0, name, cat, args);
    }

    /** Closes every begin still open at the last time seen. */
    void finish(LoadDiagnostics.Builder diag) {
        long n = 0;
        for (ArrayDeque<Open> stack : open.values()) {
            for (Open o : stack) {
                b.addSlice(o.track, o.start, Math.max(0, lastTime - o.start), o.name, o.cat, o.args);
                n++;
            }
        }
        open.clear();
        diag.reportMany(DiagnosticCode.UNMATCHED_ASYNC_BEGIN,
                "async begin (b) without end (e): closed at the last async time of the file", -1, n);
    }
}
