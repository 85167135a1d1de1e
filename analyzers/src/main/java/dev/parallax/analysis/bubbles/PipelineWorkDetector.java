package dev.parallax.analysis.bubbles;

import dev.parallax.model.pipeline.OpKind;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.query.Intervals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * Finds the micro-batch passes of one rank: from GPU-side annotations (NVTX ranges recorded as
 * {@code gpu_user_annotation}), else from CPU annotations mapped to the GPU kernels they launched (via the
 * launch → kernel flows), else — with no annotations at all — from GPU busy periods delimited by the
 * pipeline's send/recv kernels. Each pass is placed in its ProfilerStep iteration.
 */
final class PipelineWorkDetector {
    private static final Pattern STEP = Pattern.compile("ProfilerStep#(\\d+)");
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(?:#|_|\\s|^[FBW])(\\d+)\\s*$");
    private static final String[] MICROBATCH_KEYS = {"microbatch", "micro_batch", "microbatch_id", "micro_batch_id", "mb"};
    private static final String[] CHUNK_KEYS = {"chunk", "model_chunk", "model_chunk_id", "virtual_pp_rank", "vpp_rank"};

    /** How the passes were found. */
    enum Source {
        GPU_ANNOTATIONS("GPU annotations (NVTX ranges)"),
        CPU_ANNOTATIONS("CPU annotations mapped to the kernels they launched"),
        CPU_ANNOTATIONS_ONLY("CPU annotations (no launch → kernel links)"),
        BUSY_PERIODS("GPU busy periods between send/recv kernels (no annotations)"),
        NONE("nothing");

        final String text;

        Source(String text) {
            this.text = text;
        }
    }

    /** The passes of one rank and how they were found; step boundaries (ns) for iteration windows. */
    record Detection(List<StageOp> ops, Source source, long[] stepStarts) {
    }

    private final WorkPatterns patterns;
    private final Pattern p2pKernel;
    private final long mergeGapNs;

    PipelineWorkDetector(WorkPatterns patterns, Pattern p2pKernel, long mergeGapNs) {
        this.patterns = patterns;
        this.p2pKernel = p2pKernel;
        this.mergeGapNs = mergeGapNs;
    }

    Detection detect(Trace trace, int rank) {
        long[] steps = stepStarts(trace);
        Map<Integer, OpKind> kinds = new HashMap<>();
        StringPool pool = trace.strings();
        int gpuAnnotationCat = pool.find("gpu_user_annotation");
        List<StageOp> ops = new ArrayList<>();
        Map<Long, long[]> cpuByExternalId = null;
        for (SliceTrack t : trace.tracks(TrackKind.GPU_STREAM)) {
            for (int r = 0; r < t.size(); r++) {
                if (gpuAnnotationCat >= 0 && t.category(r) == gpuAnnotationCat) {
                    OpKind k = kind(kinds, pool, t.name(r));
                    if (k == null) {
                        continue;
                    }
                    if (cpuByExternalId == null) {
                        cpuByExternalId = cpuAnnotationsByExternalId(trace, kinds);
                    }
                    // Kineto links a GPU annotation to the CPU one that opened it by "External id": the CPU
                    // annotation carries the arguments (micro-batch, chunk) and the time used for the iteration
                    long ext = trace.args().getLong(t.args(r), pool.find(dev.parallax.trace.KinetoArgs.EXTERNAL_ID), pool, -1);
                    long[] cpu = ext < 0 ? null : cpuByExternalId.get(ext);
                    StageOp o = cpu == null ? op(trace, rank, k, t, r, t.start(r), t.end(r), steps)
                            : op(trace, rank, k, trace.sliceTrack((int) cpu[0]), (int) cpu[1], t.start(r), t.end(r), steps);
                    ops.add(new StageOp(o.rank(), o.kind(), o.microbatch(), o.chunk(), o.start(), o.end(), o.cpuStart(),
                            o.iteration(), t.id(), r));
                }
            }
        }
        if (!ops.isEmpty()) {
            return new Detection(finish(ops), Source.GPU_ANNOTATIONS, steps);
        }
        boolean mapped = false;
        for (SliceTrack t : trace.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < t.size(); r++) {
                OpKind k = kind(kinds, pool, t.name(r));
                if (k == null) {
                    continue;
                }
                long[] gpu = launchedExtent(trace, t, r);
                mapped |= gpu != null;
                ops.add(op(trace, rank, k, t, r, gpu == null ? t.start(r) : gpu[0], gpu == null ? t.end(r) : gpu[1], steps));
            }
        }
        if (!ops.isEmpty()) {
            return new Detection(finish(ops), mapped ? Source.CPU_ANNOTATIONS : Source.CPU_ANNOTATIONS_ONLY, steps);
        }
        List<StageOp> busy = busyPeriods(trace, rank, steps);
        return new Detection(busy, busy.isEmpty() ? Source.NONE : Source.BUSY_PERIODS, steps);
    }

    /** CPU annotations marking pipeline work, by their "External id": {track, row}. */
    private Map<Long, long[]> cpuAnnotationsByExternalId(Trace trace, Map<Integer, OpKind> kinds) {
        Map<Long, long[]> out = new HashMap<>();
        StringPool pool = trace.strings();
        int key = pool.find(dev.parallax.trace.KinetoArgs.EXTERNAL_ID);
        if (key < 0) {
            return out;
        }
        for (SliceTrack t : trace.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < t.size(); r++) {
                if (kind(kinds, pool, t.name(r)) != null) {
                    long ext = trace.args().getLong(t.args(r), key, pool, -1);
                    if (ext >= 0) {
                        out.put(ext, new long[] {t.id(), r});
                    }
                }
            }
        }
        return out;
    }

    private OpKind kind(Map<Integer, OpKind> cache, StringPool pool, int nameId) {
        if (!cache.containsKey(nameId)) {
            cache.put(nameId, patterns.classify(pool.get(nameId)));
        }
        return cache.get(nameId);
    }

    private static long[] stepStarts(Trace trace) {
        LongStream.Builder steps = LongStream.builder();
        Map<Integer, Boolean> isStep = new HashMap<>();
        for (SliceTrack t : trace.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < t.size(); r++) {
                if (isStep.computeIfAbsent(t.name(r), id -> STEP.matcher(trace.string(id)).matches())) {
                    steps.add(t.start(r));
                }
            }
        }
        return steps.build().sorted().distinct().toArray();
    }

    private StageOp op(Trace trace, int rank, OpKind k, SliceTrack t, int r, long start, long end, long[] steps) {
        int args = t.args(r);
        StringPool pool = trace.strings();
        ArgStore a = trace.args();
        int mb = -1;
        for (String key : MICROBATCH_KEYS) {
            long v = a.getLong(args, pool.find(key), pool, -1);
            if (v >= 0) {
                mb = (int) v;
                break;
            }
        }
        if (mb < 0) {
            Matcher m = TRAILING_NUMBER.matcher(trace.string(t.name(r)));
            if (m.find()) {
                mb = Integer.parseInt(m.group(1));
            }
        }
        int chunk = 0;
        for (String key : CHUNK_KEYS) {
            long v = a.getLong(args, pool.find(key), pool, -1);
            if (v >= 0) {
                chunk = (int) v;
                break;
            }
        }
        return new StageOp(rank, k, mb, chunk, start, Math.max(start, end), t.start(r), iteration(steps, t.start(r)),
                t.id(), r);
    }

    private static int iteration(long[] steps, long t) {
        int i = Arrays.binarySearch(steps, t);
        int idx = i >= 0 ? i : -i - 2;
        return Math.max(0, idx);
    }

    /** GPU extent [min start, max end] of the kernels launched from inside annotation row r, or null. */
    private static long[] launchedExtent(Trace trace, SliceTrack t, int r) {
        FlowTable flows = trace.flows();
        if (flows.size() == 0) {
            return null;
        }
        long[] ext = {Long.MAX_VALUE, Long.MIN_VALUE};
        int depth = t.depth(r);
        long s = t.start(r);
        long e = t.end(r);
        t.forEachOverlapping(s, e, row -> {
            if (t.depth(row) <= depth || t.start(row) < s || t.end(row) > e) {
                return;
            }
            for (int f : flows.outgoing(t.id(), row)) {
                SliceTrack to = trace.sliceTrack(flows.toTrack(f));
                if (to.kind() == TrackKind.GPU_STREAM) {
                    int k = flows.toRow(f);
                    ext[0] = Math.min(ext[0], to.start(k));
                    ext[1] = Math.max(ext[1], to.end(k));
                }
            }
        });
        return ext[0] == Long.MAX_VALUE ? null : ext;
    }

    /** Fills in micro-batch numbers by order where no annotation gave one, and sorts by start. */
    private static List<StageOp> finish(List<StageOp> ops) {
        ops.sort(Comparator.comparingLong(StageOp::start));
        Map<String, Integer> next = new HashMap<>();
        List<StageOp> out = new ArrayList<>(ops.size());
        for (StageOp o : ops) {
            if (o.microbatch() >= 0) {
                out.add(o);
                continue;
            }
            String key = o.iteration() + "/" + o.kind() + "/" + o.chunk();
            int mb = next.merge(key, 1, Integer::sum) - 1;
            out.add(new StageOp(o.rank(), o.kind(), mb, o.chunk(), o.start(), o.end(), o.cpuStart(), o.iteration(),
                    o.trackId(), o.row()));
        }
        return out;
    }

    /**
     * Without annotations: the rank's GPU work (compute and tensor-parallel communication, not the
     * pipeline's send/recv) merged over gaps shorter than {@code mergeGapNs}, split where a send/recv kernel
     * starts; the longer passes are taken as backward, the shorter as forward (backward costs about twice
     * the forward).
     */
    private List<StageOp> busyPeriods(Trace trace, int rank, long[] steps) {
        Intervals.Builder work = new Intervals.Builder();
        List<Long> p2pStarts = new ArrayList<>();
        int kernelCat = trace.strings().find("kernel");
        for (SliceTrack t : trace.tracks(TrackKind.GPU_STREAM)) {
            for (int r = 0; r < t.size(); r++) {
                if (kernelCat >= 0 && t.category(r) != kernelCat) {
                    continue;
                }
                if (p2pKernel.matcher(trace.string(t.name(r))).find()) {
                    p2pStarts.add(t.start(r));
                } else {
                    work.add(t.start(r), t.end(r));
                }
            }
        }
        Intervals busy = work.build();
        if (busy.isEmpty() || p2pStarts.isEmpty()) {
            return List.of();
        }
        long[] cuts = p2pStarts.stream().mapToLong(Long::longValue).sorted().toArray();
        // pieces of busy time, cut where a send/recv starts (back-to-back passes form one busy interval)
        List<long[]> pieces = new ArrayList<>();
        for (int i = 0; i < busy.size(); i++) {
            long s = busy.start(i);
            long e = busy.end(i);
            int c = Arrays.binarySearch(cuts, s + 1);
            for (int k = c >= 0 ? c : -c - 1; k < cuts.length && cuts[k] < e; k++) {
                pieces.add(new long[] {s, cuts[k]});
                s = cuts[k];
            }
            pieces.add(new long[] {s, e});
        }
        List<long[]> periods = new ArrayList<>();
        long curS = -1;
        long curE = -1;
        for (long[] piece : pieces) {
            boolean cutBetween = curE >= 0 && hasCut(cuts, curE, piece[0]);
            if (curE >= 0 && piece[0] - curE <= mergeGapNs && !cutBetween) {
                curE = piece[1];
            } else {
                if (curE >= 0) {
                    periods.add(new long[] {curS, curE});
                }
                curS = piece[0];
                curE = piece[1];
            }
        }
        periods.add(new long[] {curS, curE});
        long[] durations = periods.stream().mapToLong(p -> p[1] - p[0]).sorted().toArray();
        double threshold = Math.sqrt((double) Math.max(1, durations[0]) * durations[durations.length - 1]);
        List<StageOp> ops = new ArrayList<>();
        for (long[] p : periods) {
            OpKind k = p[1] - p[0] > threshold ? OpKind.B : OpKind.F;
            ops.add(new StageOp(rank, k, -1, 0, p[0], p[1], p[0], iteration(steps, p[0]), -1, -1));
        }
        return finish(ops);
    }

    private static boolean hasCut(long[] cuts, long from, long to) {
        int i = Arrays.binarySearch(cuts, from);
        int idx = i >= 0 ? i : -i - 1;
        return idx < cuts.length && cuts[idx] <= to;
    }
}
