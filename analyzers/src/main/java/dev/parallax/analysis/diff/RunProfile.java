package dev.parallax.analysis.diff;

import dev.parallax.analysis.classify.KernelClass;
import dev.parallax.analysis.classify.TraceClasses;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.analysis.idle.IdleTimeAnalysis;
import dev.parallax.analysis.roofline.OpInstance;
import dev.parallax.analysis.roofline.OpKernelLinks;
import dev.parallax.analysis.roofline.OpKey;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.query.Intervals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one side of a comparison measured on one rank over its chosen time windows (profiler steps, or the
 * device span when the trace has none), built on that rank's {@link RankProfile} (the classification and
 * unions the breakdown analysis uses):
 * <ul>
 *   <li>window time, and within the windows the union of device busy, compute, communication and memory
 *       time, and idle time split as the idle analysis does ({@link IdleTimeAnalysis#category});</li>
 *   <li>per kernel (normalised name, {@link KernelNames}), per operator and per (operator, input shapes and
 *       types): count, total and mean device time of the kernels launched from the windows; kernels are given
 *       to operators and operators grouped as the roofline analysis does ({@link OpKernelLinks}, {@link OpKey}:
 *       the innermost enclosing {@code cpu_op} of the launch with a work model, else the innermost), so that
 *       runs on other GPUs or libraries, whose kernel names differ, still compare per operator; copies, sets and
 *       graph replays have no operator ({@link #NO_OPERATOR});</li>
 *   <li>an exact partition of the windows' time: each instant of device activity is shared equally by the
 *       kernels running then (so the shares of all kernels sum to the busy time), the rest is idle — the
 *       basis of the "what explains the difference" table;</li>
 *   <li>host events per name (HTA's TraceDiff), launch calls and their host time, launch-to-start latency and
 *       queue depth (device events launched but not finished when a launch is made).</li>
 * </ul>
 */
public final class RunProfile {
    /** The operator key of device events with no operator (no enclosing {@code cpu_op}, copies, graph replays). */
    public static final String NO_OPERATOR = "(no operator)";

    /** One chosen window: a profiler step (number -1 when not a step). */
    public record Window(String label, long number, long start, long end) {
        public long length() {
            return end - start;
        }
    }

    /** Statistics of one group (a kernel name, an operator, an operator with shapes, a host event name). */
    public static final class Group {
        final String key;
        final String kind;
        long count;
        long kernels;
        long total;
        double exclusive;
        final TreeSet<String> rawNames = new TreeSet<>();
        long[] slices = new long[4];
        int sliceCount;

        Group(String key, String kind) {
            this.key = key;
            this.kind = kind;
        }

        void addSlice(int track, int row) {
            if (sliceCount == slices.length) {
                slices = Arrays.copyOf(slices, sliceCount * 2);
            }
            slices[sliceCount++] = (long) track << 32 | (row & 0xFFFFFFFFL);
        }

        public String key() {
            return key;
        }

        /** Device class of a kernel group ({@code compute}, {@code communication}, {@code memory}), else empty. */
        public String kind() {
            return kind;
        }

        /** Instances: kernel launches, operator calls or host events. */
        public long count() {
            return count;
        }

        /** Kernels counted in {@link #total()} (equal to count for kernel groups). */
        public long kernels() {
            return kernels;
        }

        /** Summed duration (ns): device time for kernels and operators, host time for host events. */
        public long total() {
            return total;
        }

        /** Share of the windows' busy time (ns; overlapping kernels share an instant equally). */
        public double exclusive() {
            return exclusive;
        }

        /** The raw names folded into this group. */
        public List<String> rawNames() {
            return List.copyOf(rawNames);
        }

        /** The device slices of this group as (track, row) pairs packed {@code track << 32 | row}. */
        public long[] slices() {
            return Arrays.copyOf(slices, sliceCount);
        }
    }

    private final RankProfile profile;
    private final List<Window> windows;
    /** True when the window is the device span (no steps): kernels and host events count by their own time. */
    private final boolean spanMode;
    final long time;
    final long busy;
    final long compute;
    final long communication;
    final long memory;
    final long idleHostWait;
    final long idleKernelWait;
    final long idleOther;
    final long idleTail;
    final Map<String, Group> kernels = new LinkedHashMap<>();
    final Map<String, Group> operators = new LinkedHashMap<>();
    final Map<String, Group> operatorShapes = new LinkedHashMap<>();
    final Map<String, Group> hostEvents = new LinkedHashMap<>();
    long launches;
    long launchHostTime;
    long launchLatencySum;
    long launchLatencyCount;
    long queueDepthSum;
    long queueDepthSamples;
    long queueDepthMax;
    boolean shapes;
    long kernelsWithOperator;
    long deviceEvents;

    private RunProfile(RankProfile profile, List<Window> windows, Intervals w, long kernelWaitNs) {
        this.profile = profile;
        this.windows = List.copyOf(windows);
        this.spanMode = windows.size() == 1 && windows.get(0).number() < 0;
        long t = 0;
        for (Window x : windows) {
            t += x.length();
        }
        this.time = t;
        Intervals busyW = profile.busy().intersect(w);
        this.busy = busyW.length();
        this.compute = profile.compute().intersect(w).length();
        this.communication = profile.communication().intersect(w).length();
        this.memory = profile.memory().intersect(w).length();
        long[] idle = idleSplit(profile, windows, busyW, kernelWaitNs);
        this.idleHostWait = idle[0];
        this.idleKernelWait = idle[1];
        this.idleOther = idle[2];
        this.idleTail = idle[3];
    }

    /**
     * Profiles {@code profile} over {@code windows} (sorted, disjoint); an empty list means the device span.
     *
     * @param kernelWaitNs the idle analysis's kernel-wait threshold
     */
    public static RunProfile build(RankProfile profile, List<Window> windows, long kernelWaitNs) {
        List<Window> ws = new ArrayList<>(windows);
        if (ws.isEmpty()) {
            Intervals b = profile.busy();
            ws.add(b.isEmpty() ? new Window("(whole trace)", -1, profile.trace().minTime(), profile.trace().maxTime())
                    : new Window("(device span)", -1, b.first(), b.last()));
        }
        ws.sort((a, b) -> Long.compare(a.start(), b.start()));
        Intervals.Builder wb = new Intervals.Builder();
        for (Window x : ws) {
            wb.add(x.start(), x.end());
        }
        RunProfile out = new RunProfile(profile, ws, wb.build(), kernelWaitNs);
        out.collect();
        return out;
    }

    /** The windows of {@code steps} (profiler steps of one rank). */
    public static List<Window> stepWindows(List<RankProfile.Step> steps) {
        List<Window> out = new ArrayList<>();
        for (RankProfile.Step s : steps) {
            out.add(new Window(s.name(), s.number(), s.start(), s.end()));
        }
        return out;
    }

    public RankProfile rankProfile() {
        return profile;
    }

    public int rank() {
        return profile.rank();
    }

    public Trace trace() {
        return profile.trace();
    }

    public List<Window> windows() {
        return windows;
    }

    /** Summed window time (ns). */
    public long time() {
        return time;
    }

    /** Union of device work within the windows (ns). */
    public long busy() {
        return busy;
    }

    /** Window time with no device work (ns). */
    public long idle() {
        return time - busy;
    }

    public Map<String, Group> kernels() {
        return Collections.unmodifiableMap(kernels);
    }

    public Map<String, Group> operators() {
        return Collections.unmodifiableMap(operators);
    }

    public Map<String, Group> operatorShapes() {
        return Collections.unmodifiableMap(operatorShapes);
    }

    public Map<String, Group> hostEvents() {
        return Collections.unmodifiableMap(hostEvents);
    }

    /** Whether any launching operator recorded input shapes ({@code record_shapes=True}). */
    public boolean hasShapes() {
        return shapes;
    }

    /** Device events launched from the windows. */
    public long deviceEvents() {
        return deviceEvents;
    }

    /** Share (0–1) of the windows' device events attributed to an operator. */
    public double operatorCoverage() {
        return deviceEvents == 0 ? 0 : (double) kernelsWithOperator / deviceEvents;
    }

    private int windowOf(long t) {
        int lo = 0;
        int hi = windows.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Window w = windows.get(mid);
            if (t < w.start()) {
                hi = mid - 1;
            } else if (t >= w.end()) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void collect() {
        Trace trace = profile.trace();
        StringPool pool = trace.strings();
        TraceClasses classes = profile.classes();
        Map<Long, OpInstance> operatorOf = new HashMap<>();
        for (OpInstance op : OpKernelLinks.of(trace, profile.rank(), new WorkModel()).instances()) {
            for (long k : op.kernels()) {
                operatorOf.put(k, op);
            }
        }
        List<long[]> queue = new ArrayList<>();
        // host side: launches (by correlation), host events per name, launch calls
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = classes.codes(t.id());
            for (int r = 0; r < t.size(); r++) {
                if (TraceClasses.isGpu(c[r])) {
                    continue;
                }
                boolean launch = TraceClasses.kernelClass(c[r]) == KernelClass.LAUNCH;
                if (!spanMode && windowOf(t.start(r)) < 0) {
                    continue;
                }
                String name = pool.get(t.name(r));
                if (launch) {
                    launches++;
                    launchHostTime += t.duration(r);
                }
                if (!name.startsWith("ProfilerStep")) {
                    Group g = hostEvents.computeIfAbsent(KernelNames.normalise(name), k -> new Group(k, ""));
                    g.count++;
                    g.total += t.duration(r);
                    g.rawNames.add(name);
                }
            }
        }
        List<long[]> rows = new ArrayList<>();
        List<Group> rowKernel = new ArrayList<>();
        List<Group> rowOp = new ArrayList<>();
        Map<Group, TreeSet<Long>> instances = new HashMap<>();
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = classes.codes(t.id());
            for (int r = 0; r < c.length; r++) {
                if (!TraceClasses.isDeviceWork(c[r])) {
                    continue;
                }
                long s = profile.start(t, r);
                long e = profile.end(t, r);
                if (e < s) {
                    continue;
                }
                long ls = profile.launchStart(t.id(), r);
                if (ls != RankProfile.NO_LAUNCH) {
                    queue.add(new long[] {ls, Math.max(e, ls)});
                }
                int w = windowOf(ls != RankProfile.NO_LAUNCH && !spanMode ? ls : s);
                String raw = pool.get(t.name(r));
                String kind = TraceClasses.kernelClass(c[r]).id();
                Group k = kernels.computeIfAbsent(KernelNames.normalise(raw), key -> new Group(key, kind));
                OpInstance launcher = operatorOf.get((long) t.id() << 32 | r);
                Group op = operators.computeIfAbsent(launcher == null ? NO_OPERATOR : launcher.name(),
                        key -> new Group(key, ""));
                Group opShape = launcher == null || launcher.shapes() == null ? null
                        : operatorShapes.computeIfAbsent(shapeKey(launcher), key -> new Group(key, ""));
                if (e > s && overlapsWindows(s, e)) {
                    rows.add(new long[] {s, e});
                    rowKernel.add(k);
                    rowOp.add(op);
                }
                if (w < 0) {
                    continue;
                }
                deviceEvents++;
                long d = e - s;
                k.count++;
                k.kernels++;
                k.total += d;
                k.rawNames.add(raw);
                k.addSlice(t.id(), r);
                if (ls != RankProfile.NO_LAUNCH) {
                    launchLatencySum += Math.max(0, s - ls);
                    launchLatencyCount++;
                }
                for (Group g : opShape == null ? List.of(op) : List.of(op, opShape)) {
                    g.kernels++;
                    g.total += d;
                    g.rawNames.add(raw);
                    g.addSlice(t.id(), r);
                    if (launcher != null && instances.computeIfAbsent(g, x -> new TreeSet<>())
                            .add((long) launcher.trackId() << 32 | launcher.row())) {
                        g.count++;
                    }
                }
                if (launcher != null) {
                    kernelsWithOperator++;
                    shapes |= launcher.shapes() != null;
                }
            }
        }
        for (Group g : operators.values()) {
            if (g.count == 0) {
                g.count = g.kernels;
            }
        }
        exclusiveShares(rows, rowKernel, rowOp);
        queueDepth(queue);
    }

    private boolean overlapsWindows(long s, long e) {
        int w = windowOf(s);
        if (w >= 0) {
            return true;
        }
        for (Window x : windows) {
            if (x.start() < e && s < x.end()) {
                return true;
            }
        }
        return false;
    }

    /** The (operator, shapes) key of an operator call, from the roofline's grouping ({@link OpKey}). */
    static String shapeKey(OpInstance op) {
        OpKey k = OpKey.of(op.name(), op.shapes());
        return k.name() + " (" + k.dims() + ")" + (k.types().isEmpty() ? "" : " " + k.types())
                + (k.concrete().isEmpty() ? "" : " [" + k.concrete() + "]");
    }

    /**
     * Shares each instant of device activity inside the windows equally among the device events running
     * then: F(t) integrates 1/active over window time, and an event's share is F(end) − F(start).
     */
    private void exclusiveShares(List<long[]> rows, List<Group> kernelOf, List<Group> opOf) {
        int n = rows.size();
        if (n == 0) {
            return;
        }
        long[] b = new long[2 * n + 2 * windows.size()];
        int k = 0;
        for (long[] r : rows) {
            b[k++] = r[0];
            b[k++] = r[1];
        }
        for (Window w : windows) {
            b[k++] = w.start();
            b[k++] = w.end();
        }
        Arrays.sort(b);
        int m = 0;
        for (int i = 0; i < b.length; i++) {
            if (m == 0 || b[i] != b[m - 1]) {
                b[m++] = b[i];
            }
        }
        int[] diff = new int[m + 1];
        for (long[] r : rows) {
            diff[Arrays.binarySearch(b, 0, m, r[0])]++;
            diff[Arrays.binarySearch(b, 0, m, r[1])]--;
        }
        double[] f = new double[m];
        int active = 0;
        for (int i = 0; i + 1 < m; i++) {
            active += diff[i];
            long len = b[i + 1] - b[i];
            boolean in = windowOf(b[i]) >= 0;
            f[i + 1] = f[i] + (active > 0 && in ? (double) len / active : 0);
        }
        for (int i = 0; i < n; i++) {
            long[] r = rows.get(i);
            double share = f[Arrays.binarySearch(b, 0, m, r[1])] - f[Arrays.binarySearch(b, 0, m, r[0])];
            kernelOf.get(i).exclusive += share;
            opOf.get(i).exclusive += share;
        }
    }

    /** Device events launched but not finished at each launch, sampled at launches inside the windows. */
    private void queueDepth(List<long[]> queue) {
        int n = queue.size();
        long[] launchAt = new long[n];
        long[] endAt = new long[n];
        for (int i = 0; i < n; i++) {
            launchAt[i] = queue.get(i)[0];
            endAt[i] = queue.get(i)[1];
        }
        Arrays.sort(launchAt);
        Arrays.sort(endAt);
        int ended = 0;
        for (int i = 0; i < n; i++) {
            long t = launchAt[i];
            while (ended < n && endAt[ended] <= t) {
                ended++;
            }
            if (windowOf(t) >= 0) {
                long depth = i - ended;
                depth = Math.max(0, depth);
                queueDepthSum += depth;
                queueDepthSamples++;
                queueDepthMax = Math.max(queueDepthMax, depth);
            }
        }
    }

    /** {host wait, kernel wait, other, tail} idle time of the windows (ns). */
    private static long[] idleSplit(RankProfile p, List<Window> windows, Intervals busyW, long kernelWaitNs) {
        long[] out = new long[4];
        // first device start at each time, with the earliest launch among the events starting then
        Map<Long, Long> launchAtStart = new HashMap<>();
        Trace trace = p.trace();
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = p.classes().codes(t.id());
            for (int r = 0; r < c.length; r++) {
                if (!TraceClasses.isDeviceWork(c[r])) {
                    continue;
                }
                long s = p.start(t, r);
                if (!busyW.isEmpty() && busyW.contains(s) && busyW.start(busyW.indexAtOrBefore(s)) == s) {
                    long ls = p.launchStart(t.id(), r);
                    launchAtStart.merge(s, ls == RankProfile.NO_LAUNCH ? Long.MAX_VALUE : ls, Math::min);
                }
            }
        }
        for (Window w : windows) {
            long cursor = w.start();
            Intervals in = busyW.clip(w.start(), w.end());
            for (int i = 0; i < in.size(); i++) {
                long gap = in.start(i) - cursor;
                if (gap > 0) {
                    Long ls = launchAtStart.get(in.start(i));
                    long launch = ls == null || ls == Long.MAX_VALUE ? RankProfile.NO_LAUNCH : ls;
                    switch (IdleTimeAnalysis.category(gap, launch, cursor, kernelWaitNs)) {
                        case HOST_WAIT -> out[0] += gap;
                        case KERNEL_WAIT -> out[1] += gap;
                        default -> out[2] += gap;
                    }
                }
                cursor = in.end(i);
            }
            out[3] += Math.max(0, w.end() - cursor);
        }
        return out;
    }
}
