package dev.parallax.trace.json;

import dev.parallax.trace.FlowStep;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.column.IntColumn;
import dev.parallax.trace.column.LongColumn;

/**
 * Holds flow points ({@code s}/{@code t}/{@code f}) until the whole file is read, because a flow point's
 * (pid, tid) may name a GPU stream whose kernels come later in the file; at the end each point goes to the
 * track its (pid, tid) turned out to be.
 */
final class FlowBuffer {
    /** Picks the slice track for a flow point's (pid, tid) string ids. */
    @FunctionalInterface
    interface TrackResolver {
        int track(int pid, int tid, boolean gpuHint);
    }

    private static final FlowStep[] STEPS = FlowStep.values();
    private final LongColumn id = new LongColumn();
    private final IntColumn category = new IntColumn();
    private final IntColumn phaseBits = new IntColumn();
    private final IntColumn pid = new IntColumn();
    private final IntColumn tid = new IntColumn();
    private final LongColumn ts = new LongColumn();

    void add(long flowId, int cat, FlowStep step, int p, int t, long time, boolean enclosing, boolean gpuHint) {
        id.add(flowId);
        category.add(cat);
        phaseBits.add(step.ordinal() << 2 | (enclosing ? 1 : 0) | (gpuHint ? 2 : 0));
        pid.add(p);
        tid.add(t);
        ts.add(time);
    }

    void emit(TraceBuilder b, TrackResolver resolver) {
        for (int i = 0, n = id.size(); i < n; i++) {
            int bits = phaseBits.get(i);
            int track = resolver.track(pid.get(i), tid.get(i), (bits & 2) != 0);
            b.flowPoint(id.get(i), category.get(i), STEPS[bits >>> 2], track, ts.get(i), (bits & 1) != 0);
        }
        id.clear();
        category.clear();
        phaseBits.clear();
        pid.clear();
        tid.clear();
        ts.clear();
    }
}
