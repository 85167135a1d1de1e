package dev.parallax.app.workbench;

import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts an open trace set into a state that shows what the workbench does, for screenshots: zooms to a
 * window around a GPU kernel launched from the CPU (so its flow arrow shows), selects that kernel, and
 * area-selects the GPU streams of the window (so the aggregate table fills).
 */
public final class DemoView {
    private DemoView() {
    }

    /** A GPU slice longer than 2 µs closest to the middle of its rank's trace, or null. */
    private static SliceRef kernelNearMiddle(TraceSet set) {
        SliceRef best = null;
        long bestDist = Long.MAX_VALUE;
        for (int m = 0; m < set.size(); m++) {
            Trace t = set.member(m).trace();
            long mid = (t.minTime() + t.maxTime()) / 2;
            for (SliceTrack st : t.tracks(TrackKind.GPU_STREAM)) {
                for (int r = 0; r < st.size(); r++) {
                    long d = Math.abs(st.start(r) - mid);
                    if (st.duration(r) > 2_000 && d < bestDist) {
                        bestDist = d;
                        best = new SliceRef(set, m, st.id(), r);
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return best;
    }

    /** Applies the demo state to {@code set} in {@code view}; false when the set has no such kernel. */
    public static boolean apply(TimelineView view, TraceSet set) {
        SliceRef best = null;
        for (int m = 0; m < set.size() && best == null; m++) {
            Trace t = set.member(m).trace();
            FlowTable f = t.flows();
            long mid = (t.minTime() + t.maxTime()) / 2;
            long bestDist = Long.MAX_VALUE;
            for (int i = 0; i < f.size(); i++) {
                SliceTrack to = t.sliceTrack(f.toTrack(i));
                if (to.kind() != TrackKind.GPU_STREAM) {
                    continue;
                }
                long d = Math.abs(to.start(f.toRow(i)) - mid);
                if (d < bestDist && to.duration(f.toRow(i)) > 2_000) {
                    bestDist = d;
                    best = new SliceRef(set, m, f.toTrack(i), f.toRow(i));
                }
            }
        }
        if (best == null) {
            best = kernelNearMiddle(set);
        }
        if (best == null) {
            return false;
        }
        long s = best.start();
        long e = best.end();
        long launch = s;
        for (int fi : best.trace().flows().incoming(best.track(), best.row())) {
            launch = Math.min(launch, best.trace().sliceTrack(best.trace().flows().fromTrack(fi))
                    .start(best.trace().flows().fromRow(fi)));
        }
        for (dev.parallax.app.details.CorrelatedSlices.Link c : dev.parallax.app.details.CorrelatedSlices.of(
                best.trace(), best.track(), best.row(), 50_000)) {
            launch = Math.min(launch, best.trace().sliceTrack(c.track()).start(c.row()));
        }
        long span = Math.max(Math.max(e - launch, 1) * 6, (set.maxTime() - set.minTime()) / 150);
        view.showRange(set, launch - span / 3, launch + span);
        view.select(best);
        List<TrackNode> gpu = new ArrayList<>();
        for (TrackNode root : view.model().tree().roots()) {
            if (root.set() == set) {
                List<TrackNode> leaves = new ArrayList<>();
                root.collectLeaves(leaves);
                for (TrackNode n : leaves) {
                    if (n.slices() != null && n.slices().kind() == TrackKind.GPU_STREAM) {
                        gpu.add(n);
                    }
                }
            }
        }
        long a0 = launch - span / 6 - set.minTime();
        view.areaProperty().set(new AreaSelection(a0, a0 + span / 2, gpu));
        view.select(best);
        return true;
    }
}
