package dev.parallax.serving;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the prefill and decode steps of an inference trace (PyTorch profiler / Kineto): step annotations on
 * CPU threads ({@link StepAnnotation}), each linked to the GPU work it launched through the {@code correlation}
 * argument shared by a runtime launch ({@code cudaLaunchKernel}, {@code hipGraphLaunch}, ...) and its kernels
 * (a CUDA/HIP graph launch correlates every kernel of the graph). Nested step annotations (SGLang writes
 * {@code step[...]} inside vLLM-style {@code execute_...}) become one step: the inner one, with details the
 * outer gives. Steps whose annotation does not say the phase take it from their attention kernels
 * ({@link KernelPhase}).
 */
public final class InferenceSteps {
    /** Marks a name already seen not to be a step annotation. */
    private static final StepAnnotation NOT_A_STEP = new StepAnnotation(StepPhase.UNKNOWN, -2, -2, -2, -2, -2, -2);

    private InferenceSteps() {
    }

    /** The steps of one trace, in time order. */
    public static List<InferenceStep> find(Trace trace, int rank) {
        StringPool pool = trace.strings();
        int corrKey = pool.find(dev.parallax.trace.KinetoArgs.CORRELATION);
        Map<Long, long[]> gpu = gpuWorkByCorrelation(trace, corrKey);
        int[] stepKeys = {pool.find("num_prefill_reqs"), pool.find("num_decode_reqs"), pool.find("num_prefill_tokens"),
                pool.find("num_decode_tokens"), pool.find("context_tokens")};
        boolean argSteps = stepKeys[0] >= 0 || stepKeys[1] >= 0;
        Map<Integer, StepAnnotation> parsed = new HashMap<>();
        List<InferenceStep> out = new ArrayList<>();
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() == TrackKind.GPU_STREAM) {
                continue;
            }
            List<int[]> found = new ArrayList<>();
            List<StepAnnotation> notes = new ArrayList<>();
            for (int r = 0; r < t.size(); r++) {
                StepAnnotation a = parsed.computeIfAbsent(t.name(r), n -> {
                    StepAnnotation x = StepAnnotation.parse(pool.get(n));
                    return x == null ? NOT_A_STEP : x;
                });
                a = a == NOT_A_STEP ? null : a;
                if (a == null && argSteps && t.args(r) >= 0) {
                    a = fromArgs(trace, t, r, stepKeys);
                }
                if (a != null) {
                    found.add(new int[] {r});
                    notes.add(a);
                }
            }
            // merge nested annotations: keep the innermost, fill its details from those enclosing it
            boolean[] dropped = new boolean[found.size()];
            for (int i = 0; i < found.size(); i++) {
                int ri = found.get(i)[0];
                for (int j = i + 1; j < found.size(); j++) {
                    int rj = found.get(j)[0];
                    if (t.start(rj) >= t.end(ri)) {
                        break;
                    }
                    if (t.start(rj) >= t.start(ri) && t.end(rj) <= t.end(ri) && t.depth(rj) > t.depth(ri)) {
                        notes.set(j, notes.get(j).fillFrom(notes.get(i)));
                        dropped[i] = true;
                    }
                }
            }
            for (int i = 0; i < found.size(); i++) {
                if (dropped[i]) {
                    continue;
                }
                int r = found.get(i)[0];
                long[] g = linkGpu(trace, t, r, corrKey, gpu);
                StepAnnotation a = notes.get(i);
                if (a.phase() == StepPhase.UNKNOWN && g != null) {
                    a = a.withPhase(KernelPhase.fromMask((int) g[4]));
                }
                out.add(new InferenceStep(rank, t.id(), r, trace.string(t.name(r)), a, t.start(r), t.end(r),
                        g == null ? -1 : g[0], g == null ? -1 : g[1], g == null ? 0 : g[2],
                        g == null ? 0 : (int) g[3]));
            }
        }
        out.sort(java.util.Comparator.comparingLong(InferenceStep::start));
        return out;
    }

    private static StepAnnotation fromArgs(Trace trace, SliceTrack t, int r, int[] keys) {
        ArgStore args = trace.args();
        StringPool pool = trace.strings();
        int h = t.args(r);
        long prefillReqs = keys[0] < 0 ? -1 : args.getLong(h, keys[0], pool, -1);
        long decodeReqs = keys[1] < 0 ? -1 : args.getLong(h, keys[1], pool, -1);
        if (prefillReqs < 0 && decodeReqs < 0) {
            return null;
        }
        return StepAnnotation.fromArgs(trace.string(t.name(r)), prefillReqs, decodeReqs,
                keys[2] < 0 ? -1 : args.getLong(h, keys[2], pool, -1), keys[3] < 0 ? -1 : args.getLong(h, keys[3], pool, -1),
                keys[4] < 0 ? -1 : args.getLong(h, keys[4], pool, -1));
    }

    /** correlation → {min start, max end, busy ns, count, phase mask} over GPU tracks. */
    private static Map<Long, long[]> gpuWorkByCorrelation(Trace trace, int corrKey) {
        Map<Long, long[]> out = new HashMap<>();
        if (corrKey < 0) {
            return out;
        }
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        Map<Integer, Integer> phaseByName = new HashMap<>();
        for (SliceTrack t : trace.tracks(TrackKind.GPU_STREAM)) {
            for (int r = 0; r < t.size(); r++) {
                long c = args.getLong(t.args(r), corrKey, pool, Long.MIN_VALUE);
                if (c == Long.MIN_VALUE) {
                    continue;
                }
                int name = t.name(r);
                int phase = phaseByName.computeIfAbsent(name, n -> KernelPhase.of(pool.get(n)));
                long[] w = out.get(c);
                if (w == null) {
                    out.put(c, new long[] {t.start(r), t.end(r), t.duration(r), 1, phase});
                } else {
                    w[0] = Math.min(w[0], t.start(r));
                    w[1] = Math.max(w[1], t.end(r));
                    w[2] += t.duration(r);
                    w[3]++;
                    w[4] |= phase;
                }
            }
        }
        return out;
    }

    /** GPU work of the launches inside row r: {start, end, busy, count, phase mask}, or null. */
    private static long[] linkGpu(Trace trace, SliceTrack t, int r, int corrKey, Map<Long, long[]> gpu) {
        if (gpu.isEmpty()) {
            return null;
        }
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        long[] acc = null;
        long s = t.start(r);
        long e = t.end(r);
        for (int k = r + 1; k < t.size() && t.start(k) <= e; k++) {
            long c = args.getLong(t.args(k), corrKey, pool, Long.MIN_VALUE);
            if (c == Long.MIN_VALUE || t.start(k) < s) {
                continue;
            }
            long[] w = gpu.get(c);
            if (w == null) {
                continue;
            }
            if (acc == null) {
                acc = w.clone();
            } else {
                acc[0] = Math.min(acc[0], w[0]);
                acc[1] = Math.max(acc[1], w[1]);
                acc[2] += w[2];
                acc[3] += w[3];
                acc[4] |= w[4];
            }
        }
        return acc;
    }
}
