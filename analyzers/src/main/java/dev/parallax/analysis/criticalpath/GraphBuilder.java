package dev.parallax.analysis.criticalpath;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.column.IndexSort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link CriticalPathGraph} of one trace over a time window, following Holistic Trace Analysis's
 * {@code CPGraph} construction step by step: (1) CPU operators and runtime calls starting in the window and
 * the GPU work they launched become events; (2) runtime calls that take the CUDA runtime lock are chained
 * across threads; (3) each thread's call stack is walked depth first (nesting and sequence edges; the
 * backward thread is merged into the forward thread when each is unique); (4) kernels, in start order per
 * stream, get their span, a launch-delay edge when nothing was queued before them (else a kernel-kernel
 * gap edge), GPU → GPU edges for {@code cudaStreamWaitEvent} and GPU → CPU edges for stream, device and
 * event synchronisation ({@code cuda_sync} events). Queue lengths come from the whole trace, as in HTA.
 */
final class GraphBuilder {
    private static final String[] LOCK_CALLS = {"cudaHostAlloc", "cudaLaunchKernel", "cudaMemcpyAsync"};
    private static final String[] BLOCKING_CALLS = {"cudaDeviceSynchronize", "cudaStreamSynchronize",
            "cudaEventQuery", "cudaEventSynchronize", "cudaMemcpy", "cudaMemcpyAsync"};
    private static final byte C_UNKNOWN = 0;
    private static final byte C_OP = 1;
    private static final byte C_RUNTIME = 2;
    private static final byte C_SYNC = 3;
    private static final byte C_ANNOTATION = 4;
    private static final byte C_OTHER = 5;
    /** A GPU-side annotation span: not work of its own. */
    private static final byte C_GPU_SPAN = 6;

    private final Trace trace;
    private final StringPool pool;
    private final ArgStore args;
    private final long ws;
    private final long we;
    private final byte[] categoryClass;
    private final int kCorr;
    private final int kWaitStream;
    private final int kWaitRecord;
    private final boolean[] lockName;
    private final boolean[] blockingName;

    // runtime calls of the whole trace, sorted by correlation
    private long[] rtCorr;
    private long[] rtHandle;

    // launches of the whole trace: runtime call → GPU event
    private int launchCount;
    private long[] launchTs;
    private int[] launchCpuTrack;
    private long[] launchKernel;
    private long[] launchRuntime;
    private int[] launchStream;
    private int[] qlRuntime;
    private int[] qlKernel;
    private final Map<Long, Integer> streamIndex = new HashMap<>();
    private final List<Long> streamKeys = new ArrayList<>();

    // events of the graph
    private final int[][] rowEvent;
    private int eventCount;
    private int[] evTrack = new int[1024];
    private int[] evRow = new int[1024];
    private byte[] evKind = new byte[1024];
    private int[] evLaunch = new int[1024];
    private int[] evParent;
    private int[] startNode;
    private int[] endNode;
    private int[] nodeEvent;
    private long[] nodeTs;
    private boolean[] nodeStart;

    // edges
    private int edgeCount;
    private int[] eSrc = new int[4096];
    private int[] eDst = new int[4096];
    private int[] eEvent = new int[4096];
    private long[] eWeight = new long[4096];
    private byte[] eType = new byte[4096];
    private int clampedNegative;

    private GraphBuilder(Trace trace, long ws, long we) {
        this.trace = trace;
        this.pool = trace.strings();
        this.args = trace.args();
        this.ws = ws;
        this.we = we;
        this.categoryClass = new byte[pool.size()];
        this.kCorr = pool.find(KinetoArgs.CORRELATION);
        this.kWaitStream = pool.find("wait_on_stream");
        this.kWaitRecord = pool.find("wait_on_cuda_event_record_corr_id");
        this.lockName = nameSet(LOCK_CALLS);
        this.blockingName = nameSet(BLOCKING_CALLS);
        this.rowEvent = new int[trace.sliceTracks().size()][];
    }

    /** The graph of {@code trace} over [{@code start}, {@code end}] (ns). */
    static CriticalPathGraph build(Trace trace, long start, long end) {
        return new GraphBuilder(trace, start, end).build();
    }

    private boolean[] nameSet(String[] names) {
        boolean[] out = new boolean[pool.size()];
        for (String s : names) {
            int id = pool.find(s);
            if (id >= 0) {
                out[id] = true;
            }
        }
        return out;
    }

    private byte categoryClass(int cat) {
        if (cat < 0 || cat >= categoryClass.length) {
            return C_OTHER;
        }
        byte c = categoryClass[cat];
        if (c == C_UNKNOWN) {
            String s = pool.get(cat);
            if (s.equals("cpu_op") || s.equals("Operator")) {
                c = C_OP;
            } else if (s.equals("cuda_runtime") || s.equals("cuda_driver") || s.equals("Runtime")) {
                c = C_RUNTIME;
            } else if (s.equals("cuda_sync")) {
                c = C_SYNC;
            } else if (s.equals("user_annotation")) {
                c = C_ANNOTATION;
            } else if (s.equals("gpu_user_annotation")) {
                c = C_GPU_SPAN;
            } else {
                c = C_OTHER;
            }
            categoryClass[cat] = c;
        }
        return c;
    }

    private long corr(SliceTrack t, int row) {
        int h = t.args(row);
        return h < 0 || kCorr < 0 ? Long.MIN_VALUE : args.getLong(h, kCorr, pool, Long.MIN_VALUE);
    }

    private long argLong(SliceTrack t, int row, int key) {
        int h = t.args(row);
        return h < 0 || key < 0 ? Long.MIN_VALUE : args.getLong(h, key, pool, Long.MIN_VALUE);
    }

    private static long handle(int track, int row) {
        return (long) track << 32 | (row & 0xffffffffL);
    }

    private SliceTrack trackOf(long handle) {
        return trace.sliceTrack((int) (handle >>> 32));
    }

    private static int rowOf(long handle) {
        return (int) handle;
    }

    /** The runtime call with correlation {@code c}, or -1. */
    private long runtime(long c) {
        if (c == Long.MIN_VALUE) {
            return -1;
        }
        int i = Arrays.binarySearch(rtCorr, c);
        if (i < 0) {
            return -1;
        }
        while (i > 0 && rtCorr[i - 1] == c) {
            i--;
        }
        return rtHandle[i];
    }

    private int stream(SliceTrack gpuTrack) {
        long key = (long) gpuTrack.info().device() << 32 | (gpuTrack.info().stream() & 0xffffffffL);
        return stream(key);
    }

    private int stream(long key) {
        Integer i = streamIndex.get(key);
        if (i == null) {
            i = streamKeys.size();
            streamIndex.put(key, i);
            streamKeys.add(key);
        }
        return i;
    }

    private CriticalPathGraph build() {
        indexRuntimeCalls();
        indexLaunches();
        queueLengths();
        selectEvents();
        createNodes();
        runtimeLockEdges();
        callStackEdges();
        kernelEdges();
        return new CriticalPathGraph(trace, ws, we, Arrays.copyOf(evTrack, eventCount),
                Arrays.copyOf(evRow, eventCount), Arrays.copyOf(evKind, eventCount), evParent, startNode, endNode,
                nodeEvent, nodeTs, nodeStart, Arrays.copyOf(eSrc, edgeCount), Arrays.copyOf(eDst, edgeCount),
                Arrays.copyOf(eEvent, edgeCount), Arrays.copyOf(eWeight, edgeCount), Arrays.copyOf(eType, edgeCount),
                clampedNegative);
    }

    // ---- indices over the whole trace -------------------------------------------------------------

    private void indexRuntimeCalls() {
        int n = 0;
        long[] c = new long[1024];
        long[] h = new long[1024];
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.CPU_THREAD) {
                continue;
            }
            for (int r = 0; r < t.size(); r++) {
                if (categoryClass(t.category(r)) != C_RUNTIME) {
                    continue;
                }
                long k = corr(t, r);
                if (k == Long.MIN_VALUE) {
                    continue;
                }
                if (n == c.length) {
                    c = Arrays.copyOf(c, n * 2);
                    h = Arrays.copyOf(h, n * 2);
                }
                c[n] = k;
                h[n] = handle(t.id(), r);
                n++;
            }
        }
        c = Arrays.copyOf(c, n);
        int[] order = IndexSort.sortedOrder(c);
        rtCorr = new long[n];
        rtHandle = new long[n];
        for (int i = 0; i < n; i++) {
            rtCorr[i] = c[order[i]];
            rtHandle[i] = h[order[i]];
        }
    }

    private void indexLaunches() {
        int n = 0;
        long[] ts = new long[1024];
        int[] cpu = new int[1024];
        long[] kernel = new long[1024];
        long[] runtime = new long[1024];
        int[] stream = new int[1024];
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.GPU_STREAM) {
                continue;
            }
            int s = -1;
            for (int r = 0; r < t.size(); r++) {
                byte c = categoryClass(t.category(r));
                if (c == C_SYNC || c == C_GPU_SPAN) {
                    continue;
                }
                long rt = runtime(corr(t, r));
                if (rt < 0) {
                    continue;
                }
                if (s < 0) {
                    s = stream(t);
                }
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    cpu = Arrays.copyOf(cpu, n * 2);
                    kernel = Arrays.copyOf(kernel, n * 2);
                    runtime = Arrays.copyOf(runtime, n * 2);
                    stream = Arrays.copyOf(stream, n * 2);
                }
                ts[n] = trackOf(rt).start(rowOf(rt));
                cpu[n] = (int) (rt >>> 32);
                kernel[n] = handle(t.id(), r);
                runtime[n] = rt;
                stream[n] = s;
                n++;
            }
        }
        launchCount = n;
        launchTs = ts;
        launchCpuTrack = cpu;
        launchKernel = kernel;
        launchRuntime = runtime;
        launchStream = stream;
    }

    /**
     * HTA's queue length per stream: +1 when a launch call starts, −1 when its GPU event starts (a start
     * ties before a launch). Keeps the length just after each launch call and just after each GPU start.
     */
    private void queueLengths() {
        int n = launchCount;
        long[] time = new long[2 * n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long k = launchKernel[i];
            time[2 * i + 1] = launchTs[i];
            time[2 * i] = trackOf(k).start(rowOf(k));
            min = Math.min(min, Math.min(time[2 * i], time[2 * i + 1]));
            max = Math.max(max, Math.max(time[2 * i], time[2 * i + 1]));
        }
        // index 2i+1: the launch (+1), 2i: the GPU start (−1); at equal times a start sorts first
        for (int i = 0; i < 2 * n; i++) {
            time[i] = (time[i] - min) * 2 + (i & 1);
        }
        max = n == 0 ? 0 : (max - min) * 2 + 1;
        min = 0;
        int[] order = sortedByTime(time, min, max);
        qlRuntime = new int[n];
        qlKernel = new int[n];
        int[] q = new int[streamKeys.size()];
        for (int idx : order) {
            int launch = idx >> 1;
            int s = launchStream[launch];
            if ((idx & 1) == 1) {
                qlRuntime[launch] = ++q[s];
            } else {
                qlKernel[launch] = --q[s];
            }
        }
    }

    // ---- events and nodes -----------------------------------------------------------------------

    private int addEvent(int track, int row, byte kind, int launch) {
        if (eventCount == evTrack.length) {
            int cap = eventCount * 2;
            evTrack = Arrays.copyOf(evTrack, cap);
            evRow = Arrays.copyOf(evRow, cap);
            evKind = Arrays.copyOf(evKind, cap);
            evLaunch = Arrays.copyOf(evLaunch, cap);
        }
        evTrack[eventCount] = track;
        evRow[eventCount] = row;
        evKind[eventCount] = kind;
        evLaunch[eventCount] = launch;
        int[] map = rowEvent[track];
        if (map == null) {
            map = new int[trace.sliceTrack(track).size()];
            Arrays.fill(map, -1);
            rowEvent[track] = map;
        }
        map[row] = eventCount;
        return eventCount++;
    }

    private int eventOf(long handle) {
        int[] map = rowEvent[(int) (handle >>> 32)];
        return map == null ? -1 : map[rowOf(handle)];
    }

    /** CPU operators and runtime calls with a duration starting in the window; GPU work they launched. */
    private void selectEvents() {
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.CPU_THREAD) {
                continue;
            }
            int from = t.firstRowStartingAtOrAfter(ws);
            for (int r = from; r < t.size() && t.start(r) <= we; r++) {
                byte c = categoryClass(t.category(r));
                if ((c == C_OP || c == C_RUNTIME) && t.duration(r) > 0) {
                    addEvent(t.id(), r, c == C_OP ? CriticalPathGraph.CPU_OP : CriticalPathGraph.RUNTIME, -1);
                }
            }
        }
        for (int l = 0; l < launchCount; l++) {
            long k = launchKernel[l];
            if (eventOf(launchRuntime[l]) >= 0) {
                addEvent((int) (k >>> 32), rowOf(k), CriticalPathGraph.GPU, l);
            }
        }
        evParent = new int[eventCount];
        Arrays.fill(evParent, -1);
    }

    /** Two nodes per event, numbered in time order (ties: event order, start before end), as HTA numbers them. */
    private void createNodes() {
        int n = eventCount * 2;
        long[] ts = new long[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int e = 0; e < eventCount; e++) {
            SliceTrack t = trace.sliceTrack(evTrack[e]);
            ts[2 * e] = t.start(evRow[e]);
            ts[2 * e + 1] = t.end(evRow[e]);
            min = Math.min(min, ts[2 * e]);
            max = Math.max(max, ts[2 * e + 1]);
        }
        int[] order = sortedByTime(ts, min, max);
        startNode = new int[eventCount];
        endNode = new int[eventCount];
        nodeEvent = new int[n];
        nodeTs = new long[n];
        nodeStart = new boolean[n];
        for (int node = 0; node < n; node++) {
            int k = order[node];
            int e = k >> 1;
            boolean start = (k & 1) == 0;
            nodeEvent[node] = e;
            nodeTs[node] = ts[k];
            nodeStart[node] = start;
            if (start) {
                startNode[e] = node;
            } else {
                endNode[e] = node;
            }
        }
    }

    /**
     * Indices 0..n-1 sorted by {@code time} in [{@code min}, {@code max}], ties by index: one primitive sort
     * of (time, index) packed in a long when both fit, else the general index sort.
     */
    static int[] sortedByTime(long[] time, long min, long max) {
        int n = time.length;
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
        if (n == 0 || max - min < 0 || max - min >= 1L << (63 - bits)) {
            long[] index = new long[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            return IndexSort.sortedOrder(time, index);
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (time[i] - min) << bits | i;
        }
        java.util.Arrays.sort(packed);
        int[] order = new int[n];
        long mask = (1L << bits) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (packed[i] & mask);
        }
        return order;
    }

    // ---- edges ------------------------------------------------------------------------------------

    private void edge(int src, int dst, EdgeType type, boolean zeroWeight, int event) {
        if (edgeCount == eSrc.length) {
            int cap = edgeCount * 2;
            eSrc = Arrays.copyOf(eSrc, cap);
            eDst = Arrays.copyOf(eDst, cap);
            eEvent = Arrays.copyOf(eEvent, cap);
            eWeight = Arrays.copyOf(eWeight, cap);
            eType = Arrays.copyOf(eType, cap);
        }
        long w = zeroWeight || type == EdgeType.DEPENDENCY || type == EdgeType.SYNC ? 0 : nodeTs[dst] - nodeTs[src];
        if (w < 0) {
            if (w < -1000) {
                clampedNegative++;
            }
            w = 0;
        }
        eSrc[edgeCount] = src;
        eDst[edgeCount] = dst;
        eWeight[edgeCount] = w;
        eType[edgeCount] = (byte) type.ordinal();
        eEvent[edgeCount] = type == EdgeType.OPERATOR || type == EdgeType.KERNEL_KERNEL ? event : -1;
        edgeCount++;
    }

    /**
     * HTA's attribution of an operator edge: to its source event when the source is a start, else to its
     * target event when the target is an end, else (an end followed by a start) to the enclosing event.
     */
    private void operatorEdge(int src, int dst, boolean zeroWeight, int parentOfSource) {
        int event = nodeStart[src] ? nodeEvent[src] : !nodeStart[dst] ? nodeEvent[dst] : parentOfSource;
        edge(src, dst, EdgeType.OPERATOR, zeroWeight, event);
    }

    private boolean isLockCall(int e) {
        if (evKind[e] != CriticalPathGraph.RUNTIME) {
            return false;
        }
        int name = trace.sliceTrack(evTrack[e]).name(evRow[e]);
        return name < lockName.length && lockName[name];
    }

    private boolean isBlocking(int e) {
        int name = trace.sliceTrack(evTrack[e]).name(evRow[e]);
        return evKind[e] == CriticalPathGraph.RUNTIME && name < blockingName.length && blockingName[name];
    }

    private boolean sharesLock(int a, int b) {
        return isLockCall(nodeEvent[a]) && isLockCall(nodeEvent[b]) && (nodeStart[a] || !nodeStart[b]);
    }

    /** Calls that take the CUDA runtime lock progress one at a time: chain them in order of completion. */
    private void runtimeLockEdges() {
        int[] pending = new int[16];
        int depth = 0;
        int last = -1;
        for (int node = 0; node < nodeEvent.length; node++) {
            if (!isLockCall(nodeEvent[node])) {
                continue;
            }
            if (nodeStart[node]) {
                if (depth == pending.length) {
                    pending = Arrays.copyOf(pending, depth * 2);
                }
                pending[depth++] = node;
            } else {
                while (depth > 0) {
                    int prev = pending[--depth];
                    if (nodeEvent[prev] == nodeEvent[node]) {
                        operatorEdge(prev, node, false, nodeEvent[node]);
                    } else {
                        edge(prev, node, EdgeType.DEPENDENCY, true, -1);
                    }
                }
                if (last >= 0 && !nodeStart[last]) {
                    edge(last, node, EdgeType.DEPENDENCY, true, -1);
                }
            }
            last = node;
        }
    }

    /** Threads to walk: one per CPU track, the backward thread merged into the forward one (HTA). */
    private void callStackEdges() {
        List<int[]> threads = new ArrayList<>();
        int[] first = new int[trace.sliceTracks().size()];
        int[] count = new int[first.length];
        Arrays.fill(first, -1);
        for (int e = 0; e < eventCount; e++) {
            if (evKind[e] == CriticalPathGraph.GPU) {
                continue;
            }
            if (first[evTrack[e]] < 0) {
                first[evTrack[e]] = e;
            }
            count[evTrack[e]]++;
        }
        int fwd = uniqueTrackWith("forward");
        int bwd = uniqueTrackWith("autograd");
        boolean merge = fwd >= 0 && bwd >= 0 && fwd != bwd && first[fwd] >= 0 && first[bwd] >= 0;
        for (int t = 0; t < first.length; t++) {
            if (first[t] < 0 || (merge && t == bwd)) {
                continue;
            }
            int[] events = range(first[t], count[t]);
            if (merge && t == fwd) {
                events = mergeByStart(events, range(first[bwd], count[bwd]));
            }
            threads.add(events);
        }
        for (int[] events : threads) {
            walkCallStack(events);
        }
    }

    private static int[] range(int first, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = first + i;
        }
        return out;
    }

    private int[] mergeByStart(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int w = 0;
        while (i < a.length || j < b.length) {
            boolean takeA = j >= b.length || (i < a.length && before(a[i], b[j]));
            out[w++] = takeA ? a[i++] : b[j++];
        }
        return out;
    }

    private boolean before(int x, int y) {
        long sx = nodeTs[startNode[x]];
        long sy = nodeTs[startNode[y]];
        if (sx != sy) {
            return sx < sy;
        }
        return nodeTs[endNode[x]] >= nodeTs[endNode[y]];
    }

    /** The one CPU track with operators or annotations named like {@code word} in the window, or -1. */
    private int uniqueTrackWith(String word) {
        int found = -1;
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.CPU_THREAD) {
                continue;
            }
            boolean has = false;
            int from = t.firstRowStartingAtOrAfter(ws);
            for (int r = from; r < t.size() && t.start(r) <= we && !has; r++) {
                byte c = categoryClass(t.category(r));
                has = (c == C_OP || c == C_ANNOTATION) && trace.string(t.name(r)).contains(word);
            }
            if (has) {
                if (found >= 0) {
                    return -1;
                }
                found = t.id();
            }
        }
        return found;
    }

    /**
     * Depth-first walk of one thread's operators and runtime calls: each start is linked from the last node
     * seen (a zero-weight dependency between top-level operators, a timed operator edge inside one), each end
     * likewise (zero weight for blocking synchronisation calls, whose time belongs to what they wait for).
     */
    private void walkCallStack(int[] events) {
        int[] stack = new int[64];
        int depth = 0;
        int last = -1;
        int lastParent = -1;
        for (int k = 0; k <= events.length; k++) {
            int e = k < events.length ? events[k] : -1;
            long s = e >= 0 ? nodeTs[startNode[e]] : Long.MAX_VALUE;
            while (depth > 0 && nodeTs[endNode[stack[depth - 1]]] <= s) {
                int x = stack[--depth];
                int end = endNode[x];
                if (last >= 0 && !sharesLock(last, end)) {
                    operatorEdge(last, end, isBlocking(x), lastParent);
                }
                last = end;
                lastParent = depth > 0 ? stack[depth - 1] : -1;
            }
            if (e < 0) {
                break;
            }
            int parent = depth > 0 ? stack[depth - 1] : -1;
            evParent[e] = parent;
            int start = startNode[e];
            if (last >= 0 && !sharesLock(last, start)) {
                if (depth == 0) {
                    edge(last, start, EdgeType.DEPENDENCY, true, -1);
                } else {
                    operatorEdge(last, start, false, lastParent);
                }
            }
            last = start;
            lastParent = parent;
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = e;
        }
    }

    // ---- kernels and synchronisation ------------------------------------------------------------

    private void kernelEdges() {
        // items: graph GPU events (by start) and synchronisation events (by end)
        List<long[]> syncs = new ArrayList<>();
        int gpuEvents = 0;
        for (int e = 0; e < eventCount; e++) {
            if (evKind[e] == CriticalPathGraph.GPU) {
                gpuEvents++;
            }
        }
        int syncName = -1;
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.GPU_STREAM) {
                continue;
            }
            for (int r = 0; r < t.size(); r++) {
                if (categoryClass(t.category(r)) != C_SYNC) {
                    continue;
                }
                long rt = runtime(corr(t, r));
                boolean wait = trace.string(t.name(r)).equals("Stream Wait Event");
                if (rt >= 0 && (wait || eventOf(rt) >= 0)) {
                    syncs.add(new long[] {handle(t.id(), r), rt});
                }
            }
        }
        int n = gpuEvents + syncs.size();
        long[] sortKey = new long[n];
        long[] item = new long[n];
        int w = 0;
        for (int e = 0; e < eventCount; e++) {
            if (evKind[e] == CriticalPathGraph.GPU) {
                sortKey[w] = nodeTs[startNode[e]];
                item[w++] = e;
            }
        }
        for (int i = 0; i < syncs.size(); i++) {
            long h = syncs.get(i)[0];
            sortKey[w] = trackOf(h).end(rowOf(h));
            item[w++] = -1 - i;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long k : sortKey) {
            lo = Math.min(lo, k);
            hi = Math.max(hi, k);
        }
        int[] order = sortedByTime(sortKey, lo, hi);
        LaunchIndex byStream = syncs.isEmpty() ? null : LaunchIndex.byStream(launchStream, launchTs, launchCount);
        LaunchIndex byThreadAndStream = syncs.isEmpty() ? null
                : LaunchIndex.byThreadAndStream(launchCpuTrack, launchStream, launchTs, launchCount);
        int[] lastOnStream = new int[streamKeys.size() + 1];
        Arrays.fill(lastOnStream, -1);
        List<Integer> streamsSeen = new ArrayList<>();
        int[] kernelSync = new int[eventCount];
        Arrays.fill(kernelSync, -1);
        for (int idx : order) {
            long it = item[idx];
            if (it < 0) {
                long[] sync = syncs.get((int) (-1 - it));
                handleSync(sync[0], sync[1], lastOnStream, streamsSeen, kernelSync, byStream, byThreadAndStream);
                continue;
            }
            int e = (int) it;
            int l = evLaunch[e];
            int s = launchStream[l];
            int start = startNode[e];
            operatorEdge(start, endNode[e], false, -1);
            int src = kernelSync[e];
            if (src >= 0) {
                edge(endNode[src], start, EdgeType.SYNC, true, -1);
            }
            int rt = eventOf(launchRuntime[l]);
            long rtTs = nodeTs[startNode[rt]];
            int last = lastOnStream[s];
            boolean launchAdded = false;
            if (qlRuntime[l] == 1 && qlKernel[l] == 0 && (last < 0 || nodeTs[last] < rtTs)
                    && (src < 0 || nodeTs[endNode[src]] < rtTs)) {
                edge(startNode[rt], start, EdgeType.LAUNCH, false, -1);
                launchAdded = true;
            } else if (last >= 0 && (src < 0 || nodeTs[endNode[src]] < nodeTs[last])) {
                edge(last, start, EdgeType.KERNEL_KERNEL, false, nodeEvent[last]);
            }
            if (!launchAdded) {
                // keeps a kernel after its launch when durations change (HTA's zero-weight launch edge)
                edge(startNode[rt], start, EdgeType.LAUNCH, true, -1);
            }
            if (last < 0) {
                streamsSeen.add(s);
            }
            lastOnStream[s] = endNode[e];
        }
    }

    private void handleSync(long sync, long rtHandle, int[] lastOnStream, List<Integer> streamsSeen,
                            int[] kernelSync, LaunchIndex byStream, LaunchIndex byThreadAndStream) {
        SliceTrack t = trackOf(sync);
        int r = rowOf(sync);
        String kind = trace.string(t.name(r));
        int rt = eventOf(rtHandle);
        switch (kind) {
            case "Stream Wait Event":
            case "Event Sync": {
                long record = runtime(argLong(t, r, kWaitRecord));
                long waitStream = argLong(t, r, kWaitStream);
                if (record < 0 || waitStream < 0 || waitStream == Long.MIN_VALUE) {
                    return;
                }
                long device = t.info().device();
                Integer s = streamIndex.get(device << 32 | (waitStream & 0xffffffffL));
                if (s == null) {
                    return;
                }
                int prev = byStream.lastBefore(s, trackOf(record).start(rowOf(record)));
                if (prev < 0) {
                    return;
                }
                int src = eventOf(launchKernel[prev]);
                if (kind.equals("Event Sync")) {
                    if (src >= 0 && rt >= 0) {
                        edge(endNode[src], endNode[rt], EdgeType.SYNC, true, -1);
                    }
                    return;
                }
                Integer own = streamIndex.get((long) t.info().device() << 32 | (t.info().stream() & 0xffffffffL));
                if (own == null) {
                    return;
                }
                long waitTs = trackOf(rtHandle).start(rowOf(rtHandle));
                int next = byThreadAndStream.firstAfter((long) (rtHandle >>> 32) << 32 | own, waitTs);
                if (next < 0) {
                    return;
                }
                int dest = eventOf(launchKernel[next]);
                if (dest >= 0) {
                    kernelSync[dest] = src;
                }
                return;
            }
            case "Stream Sync": {
                Integer s = streamIndex.get((long) t.info().device() << 32 | (t.info().stream() & 0xffffffffL));
                int last = s == null ? -1 : lastOnStream[s];
                if (last >= 0 && rt >= 0) {
                    edge(last, endNode[rt], EdgeType.SYNC, true, -1);
                }
                return;
            }
            case "Context Sync":
                if (rt >= 0) {
                    for (int s : streamsSeen) {
                        edge(lastOnStream[s], endNode[rt], EdgeType.SYNC, true, -1);
                    }
                }
                return;
            default:
        }
    }
}
