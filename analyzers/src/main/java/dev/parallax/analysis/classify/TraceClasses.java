package dev.parallax.analysis.classify;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The classification of every slice of one trace under one {@link RuleSet}, computed once into a compact
 * int per row (class, collective type, device-event and excluded flags) so that analyses never re-match
 * names. Rules are evaluated once per distinct (name, category, device-or-host) triple.
 */
public final class TraceClasses {
    private static final int CLASS_MASK = 0xF;
    private static final int COLLECTIVE_SHIFT = 4;
    private static final int COLLECTIVE_MASK = 0x1F;
    /** Set when the event ran on a device. */
    public static final int GPU_BIT = 1 << 9;
    /** Set when a filter (HTA's last-step filter) removed the event from the analyses. */
    public static final int EXCLUDED_BIT = 1 << 10;
    /**
     * Set on every device event of a rule set that recognises device events by their stream argument (HTA):
     * HTA counts every event with a stream as keeping the device busy, whatever its kernel type.
     */
    public static final int BUSY_BIT = 1 << 11;

    private static final KernelClass[] CLASSES = KernelClass.values();
    private static final int DEVICE_WORK_MASK = 1 << KernelClass.COMPUTE.ordinal()
            | 1 << KernelClass.COMMUNICATION.ordinal() | 1 << KernelClass.MEMORY.ordinal();
    private static final CollectiveType[] COLLECTIVES = CollectiveType.values();

    private final RuleSet rules;
    private final int[][] codes;
    private final long excludedEvents;
    private final int profilerStepNames;
    private final boolean rounded;

    private TraceClasses(RuleSet rules, int[][] codes, long excludedEvents, int profilerStepNames, boolean rounded) {
        this.rules = rules;
        this.rounded = rounded;
        this.codes = codes;
        this.excludedEvents = excludedEvents;
        this.profilerStepNames = profilerStepNames;
    }

    /** Classifies every slice of {@code trace}; applies the rule set's last-step filter when it asks for it. */
    public static TraceClasses classify(Trace trace, RuleSet rules) {
        StringPool pool = trace.strings();
        int n = pool.size();
        int[] gpuCode = new int[n];
        int[] gpuCat = new int[n];
        int[] cpuCode = new int[n];
        int[] cpuCat = new int[n];
        Arrays.fill(gpuCat, Integer.MIN_VALUE);
        Arrays.fill(cpuCat, Integer.MIN_VALUE);
        Map<Long, Integer> overflow = new HashMap<>();
        ArgStore args = trace.args();
        int streamKey = pool.find(dev.parallax.trace.KinetoArgs.STREAM);
        boolean byArg = rules.gpuEvents() == RuleSet.GpuEvents.STREAM_ARG;
        int[][] codes = new int[trace.sliceTracks().size()][];
        for (SliceTrack t : trace.sliceTracks()) {
            int size = t.size();
            int[] c = new int[size];
            boolean trackGpu = t.kind() == TrackKind.GPU_STREAM;
            for (int r = 0; r < size; r++) {
                // HTA: a device event has a stream that is a non-negative integer (ROCm runtime calls carry
                // "stream": "0x0", which HTA's int() cannot read, so they stay host events)
                boolean gpu = byArg ? streamKey >= 0 && args.getLong(t.args(r), streamKey, pool, -1) >= 0 : trackGpu;
                int nm = t.name(r);
                int cat = t.category(r);
                int[] code = gpu ? gpuCode : cpuCode;
                int[] cc = gpu ? gpuCat : cpuCat;
                int v;
                if (nm >= 0 && nm < n && cc[nm] == cat) {
                    v = code[nm];
                } else if (nm >= 0 && nm < n && cc[nm] == Integer.MIN_VALUE) {
                    v = compute(rules, gpu, pool.get(nm), pool.get(cat));
                    code[nm] = v;
                    cc[nm] = cat;
                } else {
                    long key = ((long) nm << 32 | (cat & 0xFFFFFFFFL)) ^ (gpu ? Long.MIN_VALUE : 0);
                    Integer cached = overflow.get(key);
                    if (cached == null) {
                        cached = compute(rules, gpu, pool.get(nm), pool.get(cat));
                        overflow.put(key, cached);
                    }
                    v = cached;
                }
                c[r] = gpu ? v | GPU_BIT | (byArg ? BUSY_BIT : 0) : v;
            }
            codes[t.id()] = c;
        }
        long excluded = 0;
        int stepNames = LastStepFilter.profilerStepNameCount(trace);
        long base = trace.metadata().baseTimeNanoseconds() == null ? 0 : trace.metadata().baseTimeNanoseconds();
        boolean rounded = rules.roundToMicroseconds() && hasSubMicrosecondTimes(trace, base);
        if (rules.dropLastProfilerStep() && stepNames >= 2) {
            excluded = LastStepFilter.apply(trace, codes, rounded);
        }
        return new TraceClasses(rules, codes, excluded, stepNames, rounded);
    }

    /**
     * Whether any slice starts at a fractional microsecond of the trace's own clock (HTA rounds only such
     * traces, whose time stamps it reads as floating point).
     */
    static boolean hasSubMicrosecondTimes(Trace trace, long base) {
        for (SliceTrack t : trace.sliceTracks()) {
            for (int r = 0; r < t.size(); r++) {
                if (Math.floorMod(t.start(r) - base, 1000) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether device times are to be rounded to whole microseconds (the rule set asks for it and the trace
     * has fractional-microsecond time stamps).
     */
    public boolean rounded() {
        return rounded;
    }

    private static int compute(RuleSet rules, boolean gpu, String name, String category) {
        ClassificationRule rule = rules.ruleFor(gpu, name, category);
        KernelClass k = rule != null ? rule.kernelClass() : gpu ? rules.defaultGpuClass() : rules.defaultCpuClass();
        CollectiveType ct = CollectiveType.NONE;
        if (k == KernelClass.COMMUNICATION) {
            ct = rules.collectiveOf(rule, name);
        } else if (k == KernelClass.ANNOTATION && rule != null && rule.id().startsWith("collective")) {
            ct = rules.collectiveOf(rule, name);
        }
        return k.ordinal() | ct.ordinal() << COLLECTIVE_SHIFT;
    }

    public RuleSet rules() {
        return rules;
    }

    /** The packed code of a row (see the bit constants). */
    public int code(int track, int row) {
        return codes[track][row];
    }

    /** The codes of one track, indexed by row; do not modify. */
    public int[] codes(int track) {
        return codes[track];
    }

    public static KernelClass kernelClass(int code) {
        return CLASSES[code & CLASS_MASK];
    }

    public static CollectiveType collective(int code) {
        return COLLECTIVES[code >>> COLLECTIVE_SHIFT & COLLECTIVE_MASK];
    }

    public static int classOrdinal(int code) {
        return code & CLASS_MASK;
    }

    public static int collectiveOrdinal(int code) {
        return code >>> COLLECTIVE_SHIFT & COLLECTIVE_MASK;
    }

    public static boolean isGpu(int code) {
        return (code & GPU_BIT) != 0;
    }

    public static boolean isExcluded(int code) {
        return (code & EXCLUDED_BIT) != 0;
    }

    /**
     * A device event that keeps the device busy (compute, communication or memory; under a stream-argument rule
     * set such as HTA's, any device event) and was not filtered out.
     */
    public static boolean isDeviceWork(int code) {
        return (code & (GPU_BIT | EXCLUDED_BIT)) == GPU_BIT
                && ((code & BUSY_BIT) != 0 || (DEVICE_WORK_MASK >>> (code & CLASS_MASK) & 1) != 0);
    }

    public KernelClass kernelClass(int track, int row) {
        return kernelClass(codes[track][row]);
    }

    public CollectiveType collective(int track, int row) {
        return collective(codes[track][row]);
    }

    /** Device events removed by the last-step filter. */
    public long excludedEvents() {
        return excludedEvents;
    }

    /** Distinct {@code ProfilerStep#N} names found on host tracks. */
    public int profilerStepNames() {
        return profilerStepNames;
    }
}
