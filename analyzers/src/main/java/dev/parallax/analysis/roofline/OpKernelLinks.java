package dev.parallax.analysis.roofline;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Links PyTorch operators to the GPU kernels they launched. A kernel carries the {@code correlation} id of its
 * host launch (cudaLaunchKernel, hipExtModuleLaunchKernel, ...), and the launch is nested inside the operators
 * that called it on the same CPU thread (Kineto also writes their {@code External id}; nesting is used because
 * it gives every enclosing operator, not only the innermost). Each kernel's duration is summed once, on the
 * innermost enclosing operator that has a work model (so {@code aten::linear → aten::addmm} counts on
 * {@code addmm}), and also into every enclosing operator's direct or subtree time. Kernels replayed from a CUDA
 * graph share the correlation of one {@code cudaGraphLaunch} and have no operator with shapes; they are counted
 * apart ({@link Links#graphReplayNs}). Memory copies and sets are not kernels and are left out. An FP32 GEMM whose
 * kernel runs on TF32 tensor cores (by its name) is given the TF32 dtype, whose peak then applies.
 */
public final class OpKernelLinks {
    /**
     * Kernel names of FP32 GEMMs that run on TF32 tensor cores (cuBLAS {@code *_tf32_*}, CUTLASS
     * {@code tensorop_s1688} / {@code s16816}): their peak is TF32's, not FP32's.
     */
    private static final Pattern TF32_KERNEL = Pattern.compile("tf32|tensorop_s1688|tensorop_s16816|s1688gemm",
            Pattern.CASE_INSENSITIVE);

    private OpKernelLinks() {
    }

    /**
     * The linked operators of one trace.
     *
     * @param instances      operators with at least one attributed kernel, in trace order per track
     * @param unlinkedNs     kernel time with no enclosing operator (launched outside any {@code cpu_op})
     * @param graphReplayNs  kernel time replayed from CUDA/HIP graphs
     * @param kernelNs       all kernel time with a correlation id
     */
    public record Links(List<OpInstance> instances, long unlinkedNs, long graphReplayNs, long kernelNs) {
    }

    /** Links the operators of {@code trace} (rank {@code rank}) with {@code model}. */
    public static Links of(Trace trace, int rank, WorkModel model) {
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        int corrKey = pool.find(KinetoArgs.CORRELATION);
        int cpuOp = pool.find("cpu_op");
        List<SliceTrack> tracks = trace.sliceTracks();
        if (corrKey < 0) {
            return new Links(List.of(), 0, 0, 0);
        }
        // host launches by correlation id: track << 32 | row
        Map<Long, Long> launches = new HashMap<>();
        int[][] parents = new int[tracks.size()][];
        for (SliceTrack t : tracks) {
            if (t.kind() == TrackKind.GPU_STREAM) {
                continue;
            }
            for (int r = 0; r < t.size(); r++) {
                int h = t.args(r);
                if (h < 0 || t.category(r) == cpuOp) {
                    continue;
                }
                long corr = args.getLong(h, corrKey, pool, Long.MIN_VALUE);
                if (corr != Long.MIN_VALUE) {
                    launches.putIfAbsent(corr, (long) t.id() << 32 | r);
                }
            }
        }
        Set skip = new Set(pool);
        OpShapes.Keys keys = OpShapes.Keys.of(trace);
        Map<Long, Acc> ops = new HashMap<>();
        long unlinked = 0;
        long graph = 0;
        long total = 0;
        for (SliceTrack g : tracks) {
            if (g.kind() != TrackKind.GPU_STREAM) {
                continue;
            }
            for (int r = 0; r < g.size(); r++) {
                if (skip.notKernel(g.category(r))) {
                    continue;
                }
                long corr = args.getLong(g.args(r), corrKey, pool, Long.MIN_VALUE);
                if (corr == Long.MIN_VALUE) {
                    continue;
                }
                long dur = g.duration(r);
                total += dur;
                Long launch = launches.get(corr);
                if (launch == null) {
                    unlinked += dur;
                    continue;
                }
                SliceTrack host = tracks.get((int) (launch >>> 32));
                int lr = (int) (long) launch;
                if (skip.isGraphLaunch(host.name(lr))) {
                    graph += dur;
                    continue;
                }
                int[] parent = parents[host.id()];
                if (parent == null) {
                    parent = parentsOf(host);
                    parents[host.id()] = parent;
                }
                long kernelRef = (long) g.id() << 32 | r;
                Acc attributed = null;
                Acc innermost = null;
                boolean direct = true;
                for (int p = parent[lr]; p >= 0; p = parent[p]) {
                    if (host.category(p) != cpuOp) {
                        continue;
                    }
                    long key = (long) host.id() << 32 | p;
                    final int pr = p;
                    Acc a = ops.computeIfAbsent(key, k -> Acc.of(trace, host, pr, keys, model));
                    a.subtree += dur;
                    if (direct) {
                        a.direct += dur;
                        innermost = a;
                        direct = false;
                    }
                    if (attributed == null && a.work != null) {
                        attributed = a;
                    }
                }
                if (attributed == null) {
                    attributed = innermost;
                }
                if (attributed == null) {
                    unlinked += dur;
                } else {
                    attributed.attributed += dur;
                    attributed.kernels.add(kernelRef);
                }
            }
        }
        List<OpInstance> out = new ArrayList<>();
        ops.values().stream()
                .filter(a -> a.attributed > 0)
                .sorted((x, y) -> x.track != y.track ? Integer.compare(x.track, y.track) : Integer.compare(x.row, y.row))
                .forEach(a -> out.add(a.toInstance(rank, trace)));
        return new Links(out, unlinked, graph, total);
    }

    /** Parent row of each row of a track (-1 at depth 0), from start order and depths. */
    static int[] parentsOf(SliceTrack t) {
        int[] parent = new int[t.size()];
        int[] stack = new int[Math.max(1, t.depthCount() + 1)];
        for (int r = 0; r < t.size(); r++) {
            int d = t.depth(r);
            if (d >= stack.length) {
                stack = java.util.Arrays.copyOf(stack, d + 1);
            }
            parent[r] = d > 0 ? stack[d - 1] : -1;
            stack[d] = r;
        }
        return parent;
    }

    /** Category and name ids that mark non-kernels and graph launches. */
    private static final class Set {
        private final int memcpy;
        private final int memset;
        private final int annotation;
        private final java.util.Set<Integer> graphLaunch = new java.util.HashSet<>();

        Set(StringPool pool) {
            memcpy = pool.find("gpu_memcpy");
            memset = pool.find("gpu_memset");
            annotation = pool.find("gpu_user_annotation");
            for (String n : List.of("cudaGraphLaunch", "hipGraphLaunch", "cudaGraphLaunch_v10000")) {
                int id = pool.find(n);
                if (id >= 0) {
                    graphLaunch.add(id);
                }
            }
        }

        boolean notKernel(int category) {
            return category >= 0 && (category == memcpy || category == memset || category == annotation);
        }

        boolean isGraphLaunch(int name) {
            return graphLaunch.contains(name);
        }
    }

    /** Mutable sums for one operator while linking. */
    private static final class Acc {
        final int track;
        final int row;
        final long start;
        final long end;
        final String name;
        final OpShapes shapes;
        final OpWork work;
        long attributed;
        long direct;
        long subtree;
        final List<Long> kernels = new ArrayList<>(2);

        private Acc(int track, int row, long start, long end, String name, OpShapes shapes, OpWork work) {
            this.track = track;
            this.row = row;
            this.start = start;
            this.end = end;
            this.name = name;
            this.shapes = shapes;
            this.work = work;
        }

        static Acc of(Trace trace, SliceTrack t, int r, OpShapes.Keys keys, WorkModel model) {
            OpShapes s = OpShapes.read(trace, t, r, keys);
            return new Acc(t.id(), r, t.start(r), t.end(r), trace.string(t.name(r)), s,
                    s == null ? null : model.estimate(s));
        }

        OpInstance toInstance(int rank, Trace trace) {
            long[] k = new long[kernels.size()];
            boolean tf32 = false;
            for (int i = 0; i < k.length; i++) {
                k[i] = kernels.get(i);
                if (work != null && work.matrix() && work.dtype() == Dtype.FP32) {
                    SliceTrack g = trace.sliceTrack((int) (k[i] >>> 32));
                    tf32 |= TF32_KERNEL.matcher(trace.string(g.name((int) k[i]))).find();
                }
            }
            OpWork w = tf32 ? new OpWork(work.category(), work.flops(), work.bytes(), Dtype.TF32, true,
                    work.params() + " tf32") : work;
            return new OpInstance(rank, track, row, start, end, name, shapes, w, attributed, direct, subtree, k);
        }
    }
}
