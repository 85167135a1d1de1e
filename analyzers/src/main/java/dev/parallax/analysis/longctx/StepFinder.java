package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.OpInstance;
import dev.parallax.analysis.roofline.OpKernelLinks;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a trace into inference steps and classifies each step's operators. Steps are the profiler's
 * {@code ProfilerStep#N} annotations; without them, host annotations whose name contains "step" (SGLang's
 * {@code step[EXTEND bs=15 toks=15360]}); without those, the whole trace is one step. A step's phase, batch and
 * context come from its attention calls; a step without one cannot be placed and is counted apart.
 */
public final class StepFinder {
    private StepFinder() {
    }

    /** The steps found and how many windows held no attention call. */
    public record Steps(List<InferenceStep> steps, int withoutAttention) {
    }

    private record Window(String name, long start, long end) {
    }

    /** The classified steps of {@code trace} (rank {@code rank}). */
    public static Steps of(Trace trace, int rank, WorkModel model) {
        OpKernelLinks.Links links = OpKernelLinks.of(trace, rank, model);
        List<Window> windows = windows(trace);
        List<List<OpInstance>> byWindow = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            byWindow.add(new ArrayList<>());
        }
        for (OpInstance op : links.instances()) {
            if (op.kernelNs() <= 0) {
                continue;
            }
            int w = find(windows, op.start());
            if (w >= 0) {
                byWindow.get(w).add(op);
            }
        }
        List<InferenceStep> steps = new ArrayList<>();
        int without = 0;
        for (int i = 0; i < windows.size(); i++) {
            List<OpInstance> ops = byWindow.get(i);
            if (ops.isEmpty()) {
                continue;
            }
            AttentionGeometry first = null;
            for (OpInstance op : ops) {
                if (AttentionGeometry.isAttention(op.name())) {
                    AttentionGeometry g = AttentionGeometry.of(op.shapes());
                    if (g != null && (first == null || g.nkv() > first.nkv())) {
                        first = g;
                    }
                }
            }
            if (first == null) {
                without++;
                continue;
            }
            StepShape shape = StepShape.of(first);
            List<ScaledOp> scaled = new ArrayList<>(ops.size());
            for (OpInstance op : ops) {
                scaled.add(ScaledOp.classify(op, shape, model));
            }
            Window w = windows.get(i);
            steps.add(new InferenceStep(w.name(), rank, w.start(), w.end(), shape, scaled));
        }
        return new Steps(steps, without);
    }

    private static List<Window> windows(Trace trace) {
        List<Window> profiler = new ArrayList<>();
        List<Window> named = new ArrayList<>();
        for (SliceTrack t : trace.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < t.size(); r++) {
                String name = trace.string(t.name(r));
                if (name == null) {
                    continue;
                }
                if (name.startsWith("ProfilerStep#")) {
                    profiler.add(new Window(name, t.start(r), t.end(r)));
                } else if (t.depth(r) == 0 && name.toLowerCase(Locale.ROOT).contains("step")
                        && "user_annotation".equals(trace.string(t.category(r)))) {
                    named.add(new Window(name, t.start(r), t.end(r)));
                }
            }
        }
        List<Window> out = !profiler.isEmpty() ? profiler : named;
        if (out.isEmpty()) {
            return List.of(new Window(trace.source(), Long.MIN_VALUE, Long.MAX_VALUE));
        }
        out.sort(Comparator.comparingLong(Window::start));
        return out;
    }

    /** The last window starting at or before {@code t} that has not ended by then; -1 when none. */
    private static int find(List<Window> windows, long t) {
        int lo = 0;
        int hi = windows.size() - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (windows.get(mid).start() <= t) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best >= 0 && t <= windows.get(best).end() ? best : -1;
    }
}
