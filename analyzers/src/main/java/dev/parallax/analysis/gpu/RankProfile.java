package dev.parallax.analysis.gpu;

import dev.parallax.analysis.classify.CollectiveType;
import dev.parallax.analysis.classify.KernelClass;
import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.analysis.classify.TraceClasses;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.query.Intervals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the GPU analyses need to know about one rank, computed once per (trace, rule set): the
 * classification column cache, the unions of device busy, compute, communication and memory time (and of
 * communication per collective type), event counts, the profiler steps, and — on demand — the host launch
 * time of each device event (by correlation id) and the step each device event was launched from.
 * Times are the trace's nanoseconds; under a rule set that rounds to microseconds (HTA), device event
 * starts are rounded up and ends down to whole microseconds of the trace's own clock.
 */
public final class RankProfile {
    /** Returned by {@link #launchStart} when a device event has no known host launch. */
    public static final long NO_LAUNCH = Long.MIN_VALUE;
    private static final Pattern STEP = Pattern.compile("^ProfilerStep\\s*#\\s*(\\d+)");
    private static final int KINDS = KernelClass.values().length;
    private static final int COLLECTIVES = CollectiveType.values().length;

    /** One {@code ProfilerStep#N} annotation on a host track. */
    public record Step(String name, long number, long start, long end, int track, int row) {
    }

    /** Unions of the device work launched from one step. */
    public record StepUnions(Step step, Intervals busy, Intervals compute, Intervals communication,
                             Intervals memory, long events) {
    }

    private final Trace trace;
    private final int rank;
    private final TraceClasses classes;
    private final boolean rounded;
    private final long base;
    private final Intervals busy;
    private final Intervals[] byClass;
    private final Intervals[] byCollective;
    private final long[] eventsByClass;
    private final long[] durationByClass;
    private final long[] eventsByCollective;
    private final long subMicrosecondEvents;
    private final long invertedByRounding;
    private final List<Step> steps;
    private long[][] launchStart;
    private List<StepUnions> stepUnions;
    private long[] communicationByName;

    private RankProfile(Trace trace, int rank, TraceClasses classes, boolean rounded, long base, Intervals busy,
                        Intervals[] byClass, Intervals[] byCollective, long[] eventsByClass, long[] durationByClass,
                        long[] eventsByCollective, long subMicro, long inverted, List<Step> steps) {
        this.trace = trace;
        this.rank = rank;
        this.classes = classes;
        this.rounded = rounded;
        this.base = base;
        this.busy = busy;
        this.byClass = byClass;
        this.byCollective = byCollective;
        this.eventsByClass = eventsByClass;
        this.durationByClass = durationByClass;
        this.eventsByCollective = eventsByCollective;
        this.subMicrosecondEvents = subMicro;
        this.invertedByRounding = inverted;
        this.steps = steps;
    }

    /** Classifies {@code trace} and builds its unions. */
    public static RankProfile build(Trace trace, int rank, RuleSet rules) {
        TraceClasses classes = TraceClasses.classify(trace, rules);
        long base = trace.metadata().baseTimeNanoseconds() == null ? 0 : trace.metadata().baseTimeNanoseconds();
        boolean rounded = classes.rounded();
        UnionBuilder[] classB = new UnionBuilder[KINDS];
        UnionBuilder[] collB = new UnionBuilder[COLLECTIVES];
        List<List<Intervals>> classParts = new ArrayList<>();
        List<List<Intervals>> collParts = new ArrayList<>();
        for (int k = 0; k < KINDS; k++) {
            classParts.add(new ArrayList<>());
        }
        for (int k = 0; k < COLLECTIVES; k++) {
            collParts.add(new ArrayList<>());
        }
        long[] eventsByClass = new long[KINDS];
        long[] durByClass = new long[KINDS];
        long[] eventsByColl = new long[COLLECTIVES];
        long subMicro = 0;
        long inverted = 0;
        int commOrdinal = KernelClass.COMMUNICATION.ordinal();
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = classes.codes(t.id());
            for (int r = 0; r < c.length; r++) {
                int code = c[r];
                if (!TraceClasses.isDeviceWork(code)) {
                    continue;
                }
                long s = t.start(r);
                long d = t.duration(r);
                long e = s + d;
                if (rounded) {
                    e = roundedEnd(s, d, base);
                    s = roundedStart(s, base);
                    if (e < s) {
                        inverted++;
                        continue;
                    }
                }
                if (d < 1000) {
                    subMicro++;
                }
                int k = TraceClasses.classOrdinal(code);
                eventsByClass[k]++;
                durByClass[k] += e - s;
                UnionBuilder cb = classB[k];
                if (cb == null) {
                    cb = new UnionBuilder();
                    classB[k] = cb;
                }
                cb.add(s, e);
                if (k == commOrdinal) {
                    int ct = TraceClasses.collectiveOrdinal(code);
                    eventsByColl[ct]++;
                    if (collB[ct] == null) {
                        collB[ct] = new UnionBuilder();
                    }
                    collB[ct].add(s, e);
                }
            }
            for (int k = 0; k < KINDS; k++) {
                if (classB[k] != null) {
                    classParts.get(k).add(classB[k].build());
                    classB[k] = null;
                }
            }
            for (int k = 0; k < COLLECTIVES; k++) {
                if (collB[k] != null) {
                    collParts.get(k).add(collB[k].build());
                    collB[k] = null;
                }
            }
        }
        Intervals[] byClass = new Intervals[KINDS];
        List<Intervals> busyParts = new ArrayList<>();
        for (int k = 0; k < KINDS; k++) {
            byClass[k] = IntervalUnion.of(classParts.get(k));
            busyParts.add(byClass[k]);
        }
        Intervals[] byColl = new Intervals[COLLECTIVES];
        for (int k = 0; k < COLLECTIVES; k++) {
            byColl[k] = IntervalUnion.of(collParts.get(k));
        }
        return new RankProfile(trace, rank, classes, rounded, base, IntervalUnion.of(busyParts), byClass, byColl,
                eventsByClass, durByClass, eventsByColl, subMicro, inverted, findSteps(trace, classes));
    }

    private static List<Step> findSteps(Trace trace, TraceClasses classes) {
        StringPool pool = trace.strings();
        List<Step> out = new ArrayList<>();
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() == dev.parallax.trace.TrackKind.GPU_STREAM) {
                continue; // the GPU-side copy of a step (gpu_user_annotation) is not a host step
            }
            int[] c = classes.codes(t.id());
            for (int r = 0; r < t.size(); r++) {
                if (TraceClasses.isGpu(c[r])) {
                    continue;
                }
                String name = pool.get(t.name(r));
                if (name.startsWith("ProfilerStep")) {
                    Matcher m = STEP.matcher(name);
                    long number = m.find() ? Long.parseLong(m.group(1)) : -1;
                    out.add(new Step(name, number, t.start(r), t.end(r), t.id(), r));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        return Collections.unmodifiableList(out);
    }

    public Trace trace() {
        return trace;
    }

    public int rank() {
        return rank;
    }

    public TraceClasses classes() {
        return classes;
    }

    public RuleSet rules() {
        return classes.rules();
    }

    /** Whether device times were rounded to whole microseconds (HTA compatibility). */
    public boolean rounded() {
        return rounded;
    }

    /** Start of a row as the analyses see it (rounded up to a microsecond under HTA rounding). */
    public long start(SliceTrack t, int row) {
        return rounded ? roundedStart(t.start(row), base) : t.start(row);
    }

    /** End of a row as the analyses see it (rounded down to a microsecond under HTA rounding). */
    public long end(SliceTrack t, int row) {
        return rounded ? roundedEnd(t.start(row), t.duration(row), base) : t.end(row);
    }

    /**
     * HTA's rounding of a start: {@code ceil(ts)} of the time stamp in microseconds as the double its JSON
     * parser read (see {@link MicrosAsDouble}).
     */
    static long roundedStart(long start, long base) {
        return base + (long) Math.ceil(MicrosAsDouble.of(start - base)) * 1000;
    }

    /**
     * HTA's rounding of an end: {@code floor(ts + dur)} computed in double precision, as pandas does, so
     * that sums landing a hair below a whole microsecond round down exactly as HTA's do.
     */
    static long roundedEnd(long start, long duration, long base) {
        return base + (long) Math.floor(MicrosAsDouble.of(start - base) + MicrosAsDouble.of(duration)) * 1000;
    }

    /** Union of all device work (compute, communication, memory). */
    public Intervals busy() {
        return busy;
    }

    public Intervals union(KernelClass k) {
        return byClass[k.ordinal()];
    }

    public Intervals compute() {
        return union(KernelClass.COMPUTE);
    }

    public Intervals communication() {
        return union(KernelClass.COMMUNICATION);
    }

    public Intervals memory() {
        return union(KernelClass.MEMORY);
    }

    public Intervals communication(CollectiveType type) {
        return byCollective[type.ordinal()];
    }

    public long events(KernelClass k) {
        return eventsByClass[k.ordinal()];
    }

    /** Sum of individual event durations of a class (not a union). */
    public long summedDuration(KernelClass k) {
        return durationByClass[k.ordinal()];
    }

    public long events(CollectiveType t) {
        return eventsByCollective[t.ordinal()];
    }

    /** Device work events (compute + communication + memory) counted in the unions. */
    public long deviceEvents() {
        return events(KernelClass.COMPUTE) + events(KernelClass.COMMUNICATION) + events(KernelClass.MEMORY);
    }

    public boolean hasDeviceWork() {
        return !busy.isEmpty();
    }

    public long subMicrosecondEvents() {
        return subMicrosecondEvents;
    }

    public long invertedByRounding() {
        return invertedByRounding;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * Host launch time of each device row, found through the {@code correlation} argument shared by the
     * device event and its host launch ({@link #NO_LAUNCH} when unknown); null for tracks without device events.
     */
    public synchronized long[][] launchStarts() {
        if (launchStart == null) {
            launchStart = computeLaunchStarts();
        }
        return launchStart;
    }

    public long launchStart(int track, int row) {
        long[] l = launchStarts()[track];
        return l == null ? NO_LAUNCH : l[row];
    }

    private long[][] computeLaunchStarts() {
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        int corrKey = pool.find(dev.parallax.trace.KinetoArgs.CORRELATION);
        long[][] out = new long[trace.sliceTracks().size()][];
        if (corrKey < 0) {
            return out;
        }
        long hostRows = 0;
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != dev.parallax.trace.TrackKind.GPU_STREAM) {
                hostRows += t.size();
            }
        }
        CorrelationIndex.Builder launches = new CorrelationIndex.Builder((int) Math.min(hostRows, 1 << 26));
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = classes.codes(t.id());
            for (int r = 0; r < t.size(); r++) {
                int code = c[r];
                int h = t.args(r);
                if (h < 0 || TraceClasses.isGpu(code)) {
                    continue;
                }
                long corr = args.getLong(h, corrKey, pool, Long.MIN_VALUE);
                if (corr != Long.MIN_VALUE) {
                    launches.add(corr, start(t, r), TraceClasses.kernelClass(code) == KernelClass.LAUNCH);
                }
            }
        }
        CorrelationIndex index = launches.build();
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = classes.codes(t.id());
            long[] l = null;
            CorrelationIndex.Cursor cursor = index.cursor();
            for (int r = 0; r < t.size(); r++) {
                if (!TraceClasses.isGpu(c[r])) {
                    continue;
                }
                if (l == null) {
                    l = new long[t.size()];
                    java.util.Arrays.fill(l, NO_LAUNCH);
                }
                long corr = args.getLong(t.args(r), corrKey, pool, Long.MIN_VALUE);
                l[r] = cursor.find(corr, NO_LAUNCH);
            }
            out[t.id()] = l;
        }
        return out;
    }

    /** Device communication events per name id (indexed by string-pool id), counted once. */
    public synchronized long[] communicationEventsByName() {
        if (communicationByName == null) {
            long[] perName = new long[trace.strings().size()];
            for (SliceTrack t : trace.sliceTracks()) {
                int[] c = classes.codes(t.id());
                for (int r = 0; r < c.length; r++) {
                    if (TraceClasses.isDeviceWork(c[r])
                            && TraceClasses.kernelClass(c[r]) == KernelClass.COMMUNICATION) {
                        int nm = t.name(r);
                        if (nm >= 0 && nm < perName.length) {
                            perName[nm]++;
                        }
                    }
                }
            }
            communicationByName = perName;
        }
        return communicationByName;
    }

    /** Index of the step whose host range holds time {@code t}, or -1. */
    public int stepAt(long t) {
        int lo = 0;
        int hi = steps.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (steps.get(mid).start() <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && t < steps.get(found).end() ? found : -1;
    }

    /**
     * Unions of the device work launched from each profiler step (a device event belongs to the step whose
     * host range holds its launch, matched by correlation id); empty when the trace has no steps.
     */
    public synchronized List<StepUnions> stepUnions() {
        if (stepUnions != null) {
            return stepUnions;
        }
        int n = steps.size();
        if (n == 0) {
            stepUnions = List.of();
            return stepUnions;
        }
        long[][] launch = launchStarts();
        List<List<Intervals>> compP = lists(n);
        List<List<Intervals>> commP = lists(n);
        List<List<Intervals>> memP = lists(n);
        long[] events = new long[n];
        int compute = KernelClass.COMPUTE.ordinal();
        int comm = KernelClass.COMMUNICATION.ordinal();
        for (SliceTrack t : trace.sliceTracks()) {
            long[] l = launch[t.id()];
            if (l == null) {
                continue;
            }
            int[] c = classes.codes(t.id());
            UnionBuilder[][] b = new UnionBuilder[n][];
            int lastStep = -1;
            long lastStepStart = Long.MAX_VALUE;
            long lastStepEnd = Long.MIN_VALUE;
            for (int r = 0; r < c.length; r++) {
                long ls = l[r];
                if (ls == NO_LAUNCH || !TraceClasses.isDeviceWork(c[r])) {
                    continue;
                }
                int st;
                if (ls >= lastStepStart && ls < lastStepEnd) {
                    st = lastStep;
                } else {
                    st = stepAt(ls);
                    if (st < 0) {
                        continue;
                    }
                    lastStep = st;
                    lastStepStart = steps.get(st).start();
                    lastStepEnd = steps.get(st).end();
                }
                long s = start(t, r);
                long e = end(t, r);
                if (e < s) {
                    continue;
                }
                if (b[st] == null) {
                    b[st] = new UnionBuilder[] {new UnionBuilder(), new UnionBuilder(), new UnionBuilder()};
                }
                events[st]++;
                int k = TraceClasses.classOrdinal(c[r]);
                b[st][k == compute ? 0 : k == comm ? 1 : 2].add(s, e);
            }
            for (int i = 0; i < n; i++) {
                if (b[i] != null) {
                    compP.get(i).add(b[i][0].build());
                    commP.get(i).add(b[i][1].build());
                    memP.get(i).add(b[i][2].build());
                }
            }
        }
        List<StepUnions> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Intervals cp = IntervalUnion.of(compP.get(i));
            Intervals cm = IntervalUnion.of(commP.get(i));
            Intervals mm = IntervalUnion.of(memP.get(i));
            out.add(new StepUnions(steps.get(i), IntervalUnion.of(List.of(cp, cm, mm)), cp, cm, mm, events[i]));
        }
        stepUnions = Collections.unmodifiableList(out);
        return stepUnions;
    }

    private static List<List<Intervals>> lists(int n) {
        List<List<Intervals>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }
}
