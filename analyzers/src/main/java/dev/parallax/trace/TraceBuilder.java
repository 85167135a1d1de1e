package dev.parallax.trace;

import dev.parallax.trace.column.DoubleColumn;
import dev.parallax.trace.column.IndexSort;
import dev.parallax.trace.column.IntColumn;
import dev.parallax.trace.column.LongColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the events of one file while an importer reads it, then freezes them into an immutable
 * {@link Trace}: sorts each track, computes nesting depths, closes unmatched begins, binds flow points to
 * slices and builds the per-track indices. Every importer (Chrome/Kineto JSON, Nsight SQLite, serving
 * logs, the GPU profiler) writes through this one class. Not thread-safe: one builder per file.
 */
public final class TraceBuilder {
    private final String source;
    private final StringPool.Builder strings = new StringPool.Builder();
    private final ArgStore.Builder args = new ArgStore.Builder();
    private final LoadDiagnostics.Builder diagnostics;
    private final List<SliceTrackBuilder> sliceTracks = new ArrayList<>();
    private final Map<String, Integer> sliceTrackIndex = new HashMap<>();
    private final List<CounterTrackBuilder> counterTracks = new ArrayList<>();
    private final Map<String, Integer> counterTrackIndex = new HashMap<>();
    private final Map<String, String> processNames = new HashMap<>();
    private final Map<String, Integer> processSortIndex = new HashMap<>();
    private final Map<String, String> threadNames = new HashMap<>();
    private final Map<String, Integer> threadSortIndex = new HashMap<>();
    private final Map<String, Long> eventsByPhase = new TreeMap<>();
    private final FlowPoints flowPoints = new FlowPoints();
    private TraceMetadata metadata = TraceMetadata.empty("unknown");
    private long timeOffset;
    private long lastDroppedBeginOffset = -1;

    public TraceBuilder(String source) {
        this.source = source;
        this.diagnostics = new LoadDiagnostics.Builder(source);
    }

    public String source() {
        return source;
    }

    public int intern(String s) {
        return strings.intern(s == null ? "" : s);
    }

    public StringPool.Builder strings() {
        return strings;
    }

    public ArgStore.Builder args() {
        return args;
    }

    public LoadDiagnostics.Builder diagnostics() {
        return diagnostics;
    }

    public void setMetadata(TraceMetadata metadata) {
        this.metadata = metadata;
    }

    public TraceMetadata metadata() {
        return metadata;
    }

    /**
     * Sets a constant that {@link #build} adds to every time given to this builder (e.g. Kineto's
     * {@code baseTimeNanoseconds}, which may be read after the events).
     */
    public void setTimeOffset(long offsetNs) {
        this.timeOffset = offsetNs;
    }

    /** Counts one event of Chrome phase {@code ph} for the per-phase summary. */
    public void countPhase(String ph) {
        eventsByPhase.merge(ph, 1L, Long::sum);
    }

    /** Counts {@code n} events of Chrome phase {@code ph} at once. */
    public void countPhase(String ph, long n) {
        if (n > 0) {
            eventsByPhase.merge(ph, n, Long::sum);
        }
    }

    // ---- tracks -------------------------------------------------------------------------------

    /** The slice track for (kind, pid, tid), created on first use. */
    public int sliceTrack(TrackKind kind, String pid, String tid) {
        String key = kind.ordinal() + "\u0000" + pid + "\u0000" + tid;
        Integer id = sliceTrackIndex.get(key);
        if (id == null) {
            id = sliceTracks.size();
            sliceTracks.add(new SliceTrackBuilder(kind, pid, tid));
            sliceTrackIndex.put(key, id);
        }
        return id;
    }

    /** Marks a GPU track with its device index and stream id. */
    public void setGpuStream(int track, int device, long stream) {
        SliceTrackBuilder t = sliceTracks.get(track);
        t.device = device;
        t.stream = stream;
    }

    public void setProcessName(String pid, String name) {
        processNames.put(pid, name);
    }

    public void setProcessSortIndex(String pid, int index) {
        processSortIndex.put(pid, index);
    }

    public void setThreadName(String pid, String tid, String name) {
        threadNames.put(pid + "\u0000" + tid, name);
    }

    public void setThreadSortIndex(String pid, String tid, int index) {
        threadSortIndex.put(pid + "\u0000" + tid, index);
    }

    /** Adds a complete slice; {@code duration} must not be negative. */
    public void addSlice(int track, long start, long duration, int name, int category, int argsHandle) {
        sliceTracks.get(track).add(start, duration, name, category, argsHandle);
    }

    /** Opens a slice on a track's begin/end stack (Chrome {@code B}, NVTX push). */
    public void begin(int track, long ts, int name, int category, int argsHandle) {
        begin(track, ts, name, category, argsHandle, -1);
    }

    /**
     * Opens a slice on a track's begin/end stack; {@code offset} is where the begin is in the file (a byte
     * offset, or -1), named by the diagnostic when the slice is never closed or its end comes first.
     */
    public void begin(int track, long ts, int name, int category, int argsHandle, long offset) {
        sliceTracks.get(track).begin(ts, name, category, argsHandle, offset);
    }

    /**
     * Closes the innermost open slice of a track (Chrome {@code E}, NVTX pop).
     *
     * @return false when nothing was open (the caller reports it) or the end precedes the begin
     */
    public boolean end(int track, long ts) {
        return endSlice(track, ts) == END_CLOSED;
    }

    /** {@link #endSlice}: the innermost open slice was closed. */
    public static final int END_CLOSED = 0;
    /** {@link #endSlice}: nothing was open on the track; nothing changed. */
    public static final int END_NOTHING_OPEN = 1;
    /**
     * {@link #endSlice}: the end has an earlier time than the innermost open begin, which was dropped (its
     * file offset is {@link #lastDroppedBeginOffset()}).
     */
    public static final int END_BEFORE_BEGIN = 2;

    /** Closes the innermost open slice of a track; one of {@link #END_CLOSED}, {@link #END_NOTHING_OPEN}, {@link #END_BEFORE_BEGIN}. */
    public int endSlice(int track, long ts) {
        SliceTrackBuilder t = sliceTracks.get(track);
        int r = t.end(ts);
        if (r == END_BEFORE_BEGIN) {
            lastDroppedBeginOffset = t.droppedOffset;
        }
        return r;
    }

    /** The file offset of the begin dropped by the last {@link #endSlice} that returned {@link #END_BEFORE_BEGIN}. */
    public long lastDroppedBeginOffset() {
        return lastDroppedBeginOffset;
    }

    /** The counter series {@code name} of process {@code pid}, created on first use. */
    public int counterTrack(String pid, String name) {
        String key = pid + "\u0000" + name;
        Integer id = counterTrackIndex.get(key);
        if (id == null) {
            id = counterTracks.size();
            counterTracks.add(new CounterTrackBuilder(pid, name));
            counterTrackIndex.put(key, id);
        }
        return id;
    }

    public void addCounter(int counterTrack, long time, double value) {
        CounterTrackBuilder c = counterTracks.get(counterTrack);
        c.time.add(time);
        c.value.add(value);
    }

    /**
     * Adds one point of a flow (its begin, a step, or its end) on a slice track at time {@code ts}, as
     * Perfetto's flow tracker binds them. Points with the same category and id are chained begin, steps, end
     * (when several begins share one id, in time order, so a reused id makes several flows); each is bound at
     * build time to the deepest slice enclosing {@code ts}, or (when {@code bindEnclosing} is false) to
     * the next slice starting at or after it.
     */
    public void flowPoint(long id, int category, FlowStep step, int track, long ts, boolean bindEnclosing) {
        flowPoints.add(id, category, step, track, ts, bindEnclosing);
    }

    /**
     * {@link #flowPoint(long, int, FlowStep, int, long, boolean)} with the step given as a Chrome flow phase
     * ({@code s}, {@code t}, {@code f}), for plugins written against it.
     */
    public void flowPoint(long id, int category, char phase, int track, long ts, boolean bindEnclosing) {
        FlowStep step = FlowStep.ofChromePhase(phase);
        if (step == null) {
            throw new IllegalArgumentException("not a flow phase: " + phase);
        }
        flowPoint(id, category, step, track, ts, bindEnclosing);
    }

    /** Slices added so far (complete ones; open begins not counted). */
    public long sliceCount() {
        long n = 0;
        for (SliceTrackBuilder t : sliceTracks) {
            n += t.start.size();
        }
        return n;
    }

    // ---- build --------------------------------------------------------------------------------

    /** Freezes everything into a {@link Trace}; the builder must not be used afterwards. */
    public Trace build(long fileBytes, long decodedBytes, long nanos) {
        return build(fileBytes, decodedBytes, nanos, 1);
    }

    /**
     * Freezes everything into a {@link Trace}; with {@code threads} above 1 the tracks are sorted and the flows
     * bound as parallel tasks of the fork/join pool the caller runs in (or the common pool), so the pool bounds
     * the threads. The result does not depend on {@code threads}. The builder must not be used afterwards.
     */
    public Trace build(long fileBytes, long decodedBytes, long nanos, int threads) {
        checkTimeOffset();
        int n = sliceTracks.size();
        TrackInfo[] infos = new TrackInfo[n];
        for (int i = 0; i < n; i++) {
            SliceTrackBuilder b = sliceTracks.get(i);
            b.closeOpen(diagnostics);
            infos[i] = trackInfo(b);
        }
        SliceTrack[] frozen = new SliceTrack[n];
        forEach(n, threads, i -> frozen[i] = sliceTracks.get(i).freeze(i, infos[i], timeOffset));
        List<SliceTrack> tracks = Arrays.asList(frozen);
        List<CounterTrack> counters = new ArrayList<>(counterTracks.size());
        for (int i = 0; i < counterTracks.size(); i++) {
            CounterTrackBuilder c = counterTracks.get(i);
            counters.add(c.freeze(i, counterInfo(c.pid), timeOffset));
        }
        FlowTable flows = flowPoints.bind(tracks, timeOffset, diagnostics, threads);
        Trace trace = new Trace(source, metadata, strings.build(), tracks, counters, flows, args.build(),
                diagnostics.build(), eventsByPhase, new Trace.LoadStats(fileBytes, decodedBytes, nanos));
        sliceTracks.clear();
        counterTracks.clear();
        return trace;
    }

    /**
     * Drops the time offset (with a diagnostic) when adding it to the earliest or latest time would pass
     * the range of a long, so that no time wraps around.
     */
    private void checkTimeOffset() {
        if (timeOffset == 0) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (SliceTrackBuilder t : sliceTracks) {
            for (int i = 0; i < t.start.size(); i++) {
                long s = t.start.get(i);
                min = Math.min(min, s);
                max = Math.max(max, s + t.duration.get(i));
            }
            for (int i = 0; i < t.openStart.size(); i++) {
                min = Math.min(min, t.openStart.get(i));
                max = Math.max(max, t.openStart.get(i));
            }
            max = Math.max(max, t.lastTime);
        }
        for (CounterTrackBuilder c : counterTracks) {
            for (int i = 0; i < c.time.size(); i++) {
                min = Math.min(min, c.time.get(i));
                max = Math.max(max, c.time.get(i));
            }
        }
        for (int i = 0; i < flowPoints.ts.size(); i++) {
            min = Math.min(min, flowPoints.ts.get(i));
            max = Math.max(max, flowPoints.ts.get(i));
        }
        if (min > max) {
            return;
        }
        boolean overflow = timeOffset > 0 ? max > Long.MAX_VALUE - timeOffset : min < Long.MIN_VALUE - timeOffset;
        if (overflow) {
            diagnostics.report(DiagnosticCode.TIME_OVERFLOW, "the clock offset " + timeOffset + " ns plus the "
                    + (timeOffset > 0 ? "latest time " + max : "earliest time " + min) + " ns passes the largest "
                    + "time: offset not applied, times kept as written (this file does not align with others)", -1);
            timeOffset = 0;
        }
    }

    /** Runs {@code body} for 0..n-1, as parallel tasks when {@code threads} is above 1 (independent bodies only). */
    private static void forEach(int n, int threads, java.util.function.IntConsumer body) {
        if (threads <= 1 || n < 2) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
        } else {
            java.util.stream.IntStream.range(0, n).parallel().forEach(body);
        }
    }

    private TrackInfo trackInfo(SliceTrackBuilder b) {
        String tkey = b.pid + "\u0000" + b.tid;
        return new TrackInfo(b.kind, b.pid, b.tid, processNames.get(b.pid), threadNames.get(tkey),
                processSortIndex.getOrDefault(b.pid, Integer.MAX_VALUE),
                threadSortIndex.getOrDefault(tkey, Integer.MAX_VALUE), b.device, b.stream);
    }

    private TrackInfo counterInfo(String pid) {
        return new TrackInfo(TrackKind.CPU_THREAD, pid, "", processNames.get(pid), null,
                processSortIndex.getOrDefault(pid, Integer.MAX_VALUE), Integer.MAX_VALUE, -1, -1);
    }

    private static long[] permute(long[] values, int[] order) {
        if (isIdentity(order)) {
            return values;
        }
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static int[] permute(int[] values, int[] order) {
        if (isIdentity(order)) {
            return values;
        }
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    // ---- per-track builders -------------------------------------------------------------------

    private static final class SliceTrackBuilder {
        final TrackKind kind;
        final String pid;
        final String tid;
        int device = -1;
        long stream = -1;
        final LongColumn start = new LongColumn();
        final LongColumn duration = new LongColumn();
        final IntColumn name = new IntColumn();
        final IntColumn category = new IntColumn();
        final IntColumn args = new IntColumn();
        final LongColumn openStart = new LongColumn();
        final IntColumn openName = new IntColumn();
        final IntColumn openCategory = new IntColumn();
        final IntColumn openArgs = new IntColumn();
        final LongColumn openOffset = new LongColumn();
        long droppedOffset = -1;
        long lastTime = Long.MIN_VALUE;

        SliceTrackBuilder(TrackKind kind, String pid, String tid) {
            this.kind = kind;
            this.pid = pid;
            this.tid = tid;
        }

        void add(long s, long d, int n, int c, int a) {
            start.add(s);
            duration.add(d);
            name.add(n);
            category.add(c);
            args.add(a);
            lastTime = Math.max(lastTime, s + d);
        }

        void begin(long ts, int n, int c, int a, long offset) {
            openStart.add(ts);
            openName.add(n);
            openCategory.add(c);
            openArgs.add(a);
            openOffset.add(offset);
            lastTime = Math.max(lastTime, ts);
        }

        int end(long ts) {
            int top = openStart.size() - 1;
            if (top < 0) {
                return END_NOTHING_OPEN;
            }
            long s = openStart.get(top);
            openStart.truncate(top);
            int n = openName.get(top);
            int c = openCategory.get(top);
            int a = openArgs.get(top);
            long offset = openOffset.get(top);
            openName.truncate(top);
            openCategory.truncate(top);
            openArgs.truncate(top);
            openOffset.truncate(top);
            if (ts < s) {
                droppedOffset = offset;
                return END_BEFORE_BEGIN;
            }
            add(s, ts - s, n, c, a);
            return END_CLOSED;
        }

        void closeOpen(LoadDiagnostics.Builder diagnostics) {
            int open = openStart.size();
            if (open == 0) {
                return;
            }
            long endAt = lastTime;
            for (int i = open - 1; i >= 0; i--) {
                long s = openStart.get(i);
                add(s, Math.max(0, endAt - s), openName.get(i), openCategory.get(i), openArgs.get(i));
            }
            long firstOffset = -1;
            for (int i = 0; i < open; i++) {
                long o = openOffset.get(i);
                if (o >= 0 && (firstOffset < 0 || o < firstOffset)) {
                    firstOffset = o;
                }
            }
            diagnostics.reportMany(DiagnosticCode.UNMATCHED_BEGIN,
                    "begin (B) without end (E) on thread " + tid + " of process " + pid
                            + ": closed at the track's last time", firstOffset, open);
            openStart.truncate(0);
            openName.truncate(0);
            openCategory.truncate(0);
            openArgs.truncate(0);
            openOffset.truncate(0);
        }

        SliceTrack freeze(int id, TrackInfo info, long offset) {
            int n = start.size();
            long[] s0 = start.toArrayAndClear();
            long[] d0 = duration.toArrayAndClear();
            long[] negD = new long[n];
            for (int i = 0; i < n; i++) {
                negD[i] = -d0[i];
            }
            int[] order = IndexSort.sortedOrder(s0, negD);
            negD = null;
            long[] s = permute(s0, order);
            s0 = null;
            if (offset != 0) {
                for (int i = 0; i < n; i++) {
                    s[i] += offset;
                }
            }
            long[] d = permute(d0, order);
            d0 = null;
            int[] nm = permute(name.toArrayAndClear(), order);
            int[] cat = permute(category.toArrayAndClear(), order);
            int[] ar = permute(args.toArrayAndClear(), order);
            short[] depth = kind == TrackKind.ASYNC ? SliceDepths.lanes(s, d) : SliceDepths.nesting(s, d);
            int maxDepth = -1;
            int[] depthCounts = new int[16];
            for (int i = 0; i < n; i++) {
                int dep = depth[i];
                if (dep >= depthCounts.length) {
                    depthCounts = Arrays.copyOf(depthCounts, Math.max(dep + 1, depthCounts.length * 2));
                }
                depthCounts[dep]++;
                maxDepth = Math.max(maxDepth, dep);
            }
            int[][] rowsByDepth = new int[maxDepth + 1][];
            for (int dd = 0; dd <= maxDepth; dd++) {
                rowsByDepth[dd] = new int[depthCounts[dd]];
            }
            int[] fill = new int[maxDepth + 1];
            for (int i = 0; i < n; i++) {
                int dd = depth[i];
                rowsByDepth[dd][fill[dd]++] = i;
            }
            return new SliceTrack(id, info, s, d, nm, cat, depth, ar, rowsByDepth);
        }
    }

    private static final class CounterTrackBuilder {
        final String pid;
        final String name;
        final LongColumn time = new LongColumn();
        final DoubleColumn value = new DoubleColumn();

        CounterTrackBuilder(String pid, String name) {
            this.pid = pid;
            this.name = name;
        }

        CounterTrack freeze(int id, TrackInfo info, long offset) {
            long[] t0 = time.toArrayAndClear();
            int n = t0.length;
            int[] order = IndexSort.sortedOrder(t0);
            long[] t = permute(t0, order);
            double[] v = value.toArray(order);
            if (offset != 0) {
                for (int i = 0; i < n; i++) {
                    t[i] += offset;
                }
            }
            return new CounterTrack(id, info, name, t, v);
        }
    }

    /** Flow points in arrival order, bound to slices and chained into flows at build time. */
    private static final class FlowPoints {
        final LongColumn id = new LongColumn();
        final IntColumn category = new IntColumn();
        final IntColumn phaseAndBinding = new IntColumn();
        final IntColumn track = new IntColumn();
        final LongColumn ts = new LongColumn();

        void add(long flowId, int cat, FlowStep step, int trk, long time, boolean enclosing) {
            id.add(flowId);
            category.add(cat);
            phaseAndBinding.add(step.ordinal() << 1 | (enclosing ? 1 : 0));
            track.add(trk);
            ts.add(time);
        }

        FlowTable bind(List<SliceTrack> tracks, long offset, LoadDiagnostics.Builder diagnostics, int threads) {
            int n = id.size();
            if (n == 0) {
                return FlowTable.empty();
            }
            long[] fid = id.toArrayAndClear();
            long[] time = ts.toArrayAndClear();
            int[] cat = category.toArrayAndClear();
            int[] pb = phaseAndBinding.toArrayAndClear();
            int[] trk = track.toArrayAndClear();
            int[] row = new int[n];
            forEach(n, threads, i -> {
                SliceTrack t = tracks.get(trk[i]);
                long at = time[i] + offset;
                row[i] = (pb[i] & 1) != 0 ? enclosing(t, at) : next(t, at);
            });
            int unbound = 0;
            for (int r : row) {
                if (r < 0) {
                    unbound++;
                }
            }
            if (unbound > 0) {
                diagnostics.reportMany(DiagnosticCode.FLOW_UNBOUND,
                        "flow point with no slice to bind to at its time: dropped", -1, unbound);
            }
            int[] order = chainOrder(fid, time, cat, pb);
            LongColumn outId = new LongColumn();
            IntColumn outCat = new IntColumn();
            IntColumn ft = new IntColumn();
            IntColumn fr = new IntColumn();
            IntColumn tt = new IntColumn();
            IntColumn tr = new IntColumn();
            int prev = -1;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                int step = pb[i] >>> 1;
                boolean sameFlow = prev >= 0 && fid[prev] == fid[i] && cat[prev] == cat[i];
                if (step != BEGIN && sameFlow && row[prev] >= 0 && row[i] >= 0) {
                    outId.add(fid[i]);
                    outCat.add(cat[i]);
                    ft.add(trk[prev]);
                    fr.add(row[prev]);
                    tt.add(trk[i]);
                    tr.add(row[i]);
                }
                prev = step == END ? -1 : i;
            }
            return new FlowTable(outId.toArrayAndClear(), outCat.toArrayAndClear(), ft.toArrayAndClear(),
                    fr.toArrayAndClear(), tt.toArrayAndClear(), tr.toArrayAndClear());
        }

        /**
         * Points grouped by (category, id); within a group, in time order (ties: s, t, f), so an id reused
         * for several flows chains correctly. A group with at most one start is ordered s, t..., f
         * regardless of time, so a flow whose end carries an earlier time stamp (another clock, or a file
         * not in time order) still connects.
         */
        private static int[] chainOrder(long[] fid, long[] time, int[] cat, int[] pb) {
            int n = fid.length;
            long[] catKey = new long[n];
            for (int i = 0; i < n; i++) {
                catKey[i] = cat[i];
            }
            int[] order = IndexSort.sortedOrder(catKey, fid, time);
            catKey = null;
            for (int k = 0; k < n; ) {
                int end = k;
                int starts = 0;
                while (end < n && cat[order[end]] == cat[order[k]] && fid[order[end]] == fid[order[k]]) {
                    if (rank(pb[order[end]]) == 0) {
                        starts++;
                    }
                    end++;
                }
                if (end - k > 1) {
                    sortGroup(order, k, end, time, pb, starts > 1);
                }
                k = end;
            }
            return order;
        }

        /** Sorts order[from, to) (already in time order) by (time, rank) or, for one start, by (rank, time). */
        private static void sortGroup(int[] order, int from, int to, long[] time, int[] pb, boolean byTime) {
            int m = to - from;
            long[] k1 = new long[m];
            long[] k2 = new long[m];
            for (int j = 0; j < m; j++) {
                int i = order[from + j];
                k1[j] = byTime ? time[i] : rank(pb[i]);
                k2[j] = byTime ? rank(pb[i]) : time[i];
            }
            int[] sub = IndexSort.sortedOrder(k1, k2);
            int[] copy = Arrays.copyOfRange(order, from, to);
            for (int j = 0; j < m; j++) {
                order[from + j] = copy[sub[j]];
            }
        }

        private static final int BEGIN = FlowStep.BEGIN.ordinal();
        private static final int END = FlowStep.END.ordinal();

        /** Order of a point within a flow: begin 0, step 1, end 2 (the FlowStep ordinal). */
        private static int rank(int stepBits) {
            return stepBits >>> 1;
        }

        private static int enclosing(SliceTrack t, long time) {
            for (int d = t.depthCount() - 1; d >= 0; d--) {
                int i = t.nextIndexEndingAfter(d, time);
                if (i < t.depthSize(d)) {
                    int r = t.rowAtDepth(d, i);
                    if (t.start(r) <= time && (t.end(r) > time || t.start(r) == time)) {
                        return r;
                    }
                }
                // a zero-length slice exactly at time may sit before index i
                if (i > 0) {
                    int r = t.rowAtDepth(d, i - 1);
                    if (t.start(r) <= time && t.end(r) >= time) {
                        return r;
                    }
                }
            }
            return next(t, time);
        }

        private static int next(SliceTrack t, long time) {
            int r = t.firstRowStartingAtOrAfter(time);
            return r < t.size() ? r : -1;
        }
    }
}
