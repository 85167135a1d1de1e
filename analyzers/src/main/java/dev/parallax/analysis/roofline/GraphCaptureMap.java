package dev.parallax.analysis.roofline;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators for kernels replayed from a CUDA/HIP graph, taken from a trace recorded while the graph was captured
 * (TraceLens's inference examples ship one per batch size in {@code capture_traces/}). During capture every kernel
 * launch runs inside its PyTorch operator but no kernel executes; at replay the kernels execute under one
 * {@code cudaGraphLaunch}. A graph replays its kernels in capture order, so when a replay has exactly as many
 * kernels as the capture has launches between {@code StreamBeginCapture} and {@code StreamEndCapture}, the i-th
 * replayed kernel belongs to the operator of the i-th captured launch. Replays whose kernel count differs are left
 * unmapped (another graph, or a capture of another batch size).
 */
public final class GraphCaptureMap {
    private GraphCaptureMap() {
    }

    /**
     * The mapped operator calls (one per captured operator per replay; the slice is the first replayed kernel on the
     * execution trace) and the kernel time mapped.
     */
    public record Mapped(List<OpInstance> instances, long mappedNs, int replays, int captureLaunches) {
    }

    /** Maps the graph replays of {@code execution} through {@code capture}. */
    public static Mapped map(Trace execution, int rank, Trace capture, WorkModel model) {
        List<long[]> launches = captureLaunches(capture);
        StringPool pool = execution.strings();
        ArgStore args = execution.args();
        int corrKey = pool.find(KinetoArgs.CORRELATION);
        Map<Long, List<long[]>> kernelsByGraph = new LinkedHashMap<>();
        if (corrKey >= 0 && !launches.isEmpty()) {
            java.util.Set<Long> graphCorr = new java.util.HashSet<>();
            for (SliceTrack t : execution.sliceTracks()) {
                if (t.kind() == TrackKind.GPU_STREAM) {
                    continue;
                }
                for (int r = 0; r < t.size(); r++) {
                    String n = execution.string(t.name(r));
                    if (n.endsWith("GraphLaunch") || n.startsWith("cudaGraphLaunch") || n.startsWith("hipGraphLaunch")) {
                        long c = args.getLong(t.args(r), corrKey, pool, Long.MIN_VALUE);
                        if (c != Long.MIN_VALUE) {
                            graphCorr.add(c);
                        }
                    }
                }
            }
            for (SliceTrack g : execution.sliceTracks()) {
                if (g.kind() != TrackKind.GPU_STREAM) {
                    continue;
                }
                for (int r = 0; r < g.size(); r++) {
                    long c = args.getLong(g.args(r), corrKey, pool, Long.MIN_VALUE);
                    if (graphCorr.contains(c)) {
                        kernelsByGraph.computeIfAbsent(c, k -> new ArrayList<>())
                                .add(new long[] {g.start(r), g.duration(r), (long) g.id() << 32 | r});
                    }
                }
            }
        }
        OpShapes.Keys keys = OpShapes.Keys.of(capture);
        Map<Long, Object[]> opOf = new LinkedHashMap<>();
        List<OpInstance> out = new ArrayList<>();
        long mapped = 0;
        int replays = 0;
        for (List<long[]> kernels : kernelsByGraph.values()) {
            if (kernels.size() != launches.size()) {
                continue;
            }
            replays++;
            kernels.sort(Comparator.comparingLong(k -> k[0]));
            Map<Long, long[]> perOp = new LinkedHashMap<>(); // op key → {kernelNs, firstStart, lastEnd, firstRef}
            Map<Long, List<Long>> refs = new LinkedHashMap<>();
            for (int i = 0; i < kernels.size(); i++) {
                long opKey = launches.get(i)[1];
                if (opKey < 0) {
                    continue;
                }
                long[] k = kernels.get(i);
                long[] a = perOp.computeIfAbsent(opKey, x -> new long[] {0, k[0], 0, k[2]});
                a[0] += k[1];
                a[2] = Math.max(a[2], k[0] + k[1]);
                refs.computeIfAbsent(opKey, x -> new ArrayList<>()).add(k[2]);
                mapped += k[1];
            }
            for (Map.Entry<Long, long[]> e : perOp.entrySet()) {
                Object[] op = opOf.computeIfAbsent(e.getKey(), key -> {
                    SliceTrack t = capture.sliceTrack((int) (key >>> 32));
                    int row = (int) (long) key;
                    OpShapes s = OpShapes.read(capture, t, row, keys);
                    return new Object[] {capture.string(t.name(row)), s, s == null ? null : model.estimate(s)};
                });
                long[] a = e.getValue();
                long[] kr = refs.get(e.getKey()).stream().mapToLong(Long::longValue).toArray();
                out.add(new OpInstance(rank, (int) (a[3] >>> 32), (int) a[3], a[1], a[2], (String) op[0],
                        (OpShapes) op[1], (OpWork) op[2], a[0], a[0], a[0], kr));
            }
        }
        return new Mapped(out, mapped, replays, launches.size());
    }

    /**
     * Kernel launches of the capture window in time order: {start, operator key (track << 32 | row) or -1}. The
     * operator is the innermost enclosing {@code cpu_op} with a work model, else the innermost one.
     */
    static List<long[]> captureLaunches(Trace capture) {
        int cpuOp = capture.strings().find("cpu_op");
        long begin = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        List<long[]> raw = new ArrayList<>();
        WorkModel model = new WorkModel();
        OpShapes.Keys keys = OpShapes.Keys.of(capture);
        Map<Long, Boolean> modelled = new LinkedHashMap<>();
        for (SliceTrack t : capture.sliceTracks()) {
            if (t.kind() == TrackKind.GPU_STREAM) {
                continue;
            }
            int[] parent = null;
            for (int r = 0; r < t.size(); r++) {
                String n = capture.string(t.name(r));
                if (n.contains("StreamBeginCapture") && begin == Long.MIN_VALUE) {
                    begin = t.start(r);
                } else if (n.contains("StreamEndCapture") && end == Long.MAX_VALUE) {
                    end = t.start(r);
                }
                if (!n.contains("LaunchKernel")) {
                    continue;
                }
                if (parent == null) {
                    parent = OpKernelLinks.parentsOf(t);
                }
                long innermost = -1;
                long attributed = -1;
                for (int p = parent[r]; p >= 0; p = parent[p]) {
                    if (t.category(p) != cpuOp) {
                        continue;
                    }
                    long key = (long) t.id() << 32 | p;
                    if (innermost < 0) {
                        innermost = key;
                    }
                    final int pr = p;
                    boolean m = modelled.computeIfAbsent(key, k -> {
                        OpShapes s = OpShapes.read(capture, t, pr, keys);
                        return s != null && model.estimate(s) != null;
                    });
                    if (m) {
                        attributed = key;
                        break;
                    }
                }
                raw.add(new long[] {t.start(r), attributed >= 0 ? attributed : innermost});
            }
        }
        List<long[]> out = new ArrayList<>();
        for (long[] l : raw) {
            if (l[0] >= begin && l[0] <= end) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparingLong(l -> l[0]));
        return out;
    }
}
