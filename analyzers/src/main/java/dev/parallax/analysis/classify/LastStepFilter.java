package dev.parallax.analysis.classify;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;

import java.util.HashSet;
import java.util.Set;

/**
 * Holistic Trace Analysis's filter of incomplete iterations (HTA {@code Trace._filter_irrelevant_gpu_kernels}):
 * when a trace holds two or more distinct {@code ProfilerStep#N} names, a device event is kept only when
 * its stream id is not negative (HTA's {@code GPUKernelFilter}: {@code stream >= 0}; ROCm's default stream is 0)
 * and its {@code correlation} equals that of a host event starting before the last profiler step starts (so the work launched from the last, usually cut-off, step is dropped).
 * A device event without a correlation counts as correlation -1, which HTA matches with any host event
 * lacking one.
 */
final class LastStepFilter {
    private LastStepFilter() {
    }

    static boolean isStepName(String name) {
        return name.startsWith("ProfilerStep");
    }

    /** Distinct profiler-step names among slice names. */
    static int profilerStepNameCount(Trace trace) {
        StringPool pool = trace.strings();
        Set<Integer> seen = new HashSet<>();
        boolean[] checked = new boolean[pool.size()];
        boolean[] isStep = new boolean[pool.size()];
        for (SliceTrack t : trace.sliceTracks()) {
            for (int r = 0; r < t.size(); r++) {
                int nm = t.name(r);
                if (nm < 0 || nm >= checked.length) {
                    continue;
                }
                if (!checked[nm]) {
                    checked[nm] = true;
                    isStep[nm] = isStepName(pool.get(nm));
                }
                if (isStep[nm]) {
                    seen.add(nm);
                }
            }
        }
        return seen.size();
    }

    /** Marks filtered device events in {@code codes}; returns how many were excluded. */
    static long apply(Trace trace, int[][] codes, boolean roundToMicroseconds) {
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        int corrKey = pool.find(dev.parallax.trace.KinetoArgs.CORRELATION);
        int streamKey = pool.find(dev.parallax.trace.KinetoArgs.STREAM);
        long base = trace.metadata().baseTimeNanoseconds() == null ? 0 : trace.metadata().baseTimeNanoseconds();
        long lastStepStart = Long.MIN_VALUE;
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = codes[t.id()];
            for (int r = 0; r < t.size(); r++) {
                if (!TraceClasses.isGpu(c[r]) && isStepName(pool.get(t.name(r)))) {
                    lastStepStart = Math.max(lastStepStart, hostTime(t.start(r), base, roundToMicroseconds));
                }
            }
        }
        if (lastStepStart == Long.MIN_VALUE) {
            return 0;
        }
        LongSet hostCorrelations = new LongSet(1024);
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = codes[t.id()];
            for (int r = 0; r < t.size(); r++) {
                if (!TraceClasses.isGpu(c[r]) && hostTime(t.start(r), base, roundToMicroseconds) < lastStepStart) {
                    hostCorrelations.add(args.getLong(t.args(r), corrKey, pool, -1));
                }
            }
        }
        long excluded = 0;
        for (SliceTrack t : trace.sliceTracks()) {
            int[] c = codes[t.id()];
            for (int r = 0; r < t.size(); r++) {
                if (TraceClasses.isGpu(c[r])) {
                    long stream = args.getLong(t.args(r), streamKey, pool, t.info().stream());
                    long corr = args.getLong(t.args(r), corrKey, pool, -1);
                    if (stream < 0 || !hostCorrelations.contains(corr)) {
                        c[r] |= TraceClasses.EXCLUDED_BIT;
                        excluded++;
                    }
                }
            }
        }
        return excluded;
    }

    private static long hostTime(long t, long base, boolean round) {
        if (!round) {
            return t;
        }
        return (long) Math.ceil(dev.parallax.analysis.gpu.MicrosAsDouble.of(t - base));
    }
}
