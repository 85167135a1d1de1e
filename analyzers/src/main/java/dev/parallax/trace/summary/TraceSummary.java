package dev.parallax.trace.summary;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.query.Intervals;
import dev.parallax.trace.query.NameStats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code parallax summary} says about one loaded trace: format, rank, time span, event counts by
 * phase and category, tracks, GPU streams, the kernels that took the most GPU time, flows, load
 * diagnostics and load speed. Plain data, rendered as text or JSON by the command line.
 */
public record TraceSummary(String file, String format, Integer rank, RankSource rankSource, int worldSize,
                           String backend, long startNs, long endNs, Map<String, Long> eventsByPhase,
                           Map<String, Long> slicesByCategory, int cpuThreads, int gpuStreams, int counterTracks,
                           int asyncTracks, long slices, long counterSamples, List<Stream> streams,
                           List<Kernel> topKernels, int flows, List<String> diagnostics, boolean truncated,
                           long bytesLost, long fileBytes, long decodedBytes, double loadSeconds,
                           double megabytesPerSecond) {

    /** One GPU stream: its slices and busy time (union of its slices). */
    public record Stream(int device, long stream, String label, long slices, long busyNs) {
    }

    /** One kernel name with its launches and total GPU time. */
    public record Kernel(String name, long count, long totalNs, double share) {
    }

    /** Number of kernels listed. */
    public static final int TOP_KERNELS = 10;

    public long spanNs() {
        return endNs - startNs;
    }

    /** Summarises {@code trace}, whose rank in its set is {@code rank} (from {@code source}). */
    public static TraceSummary of(Trace trace, Integer rank, RankSource source) {
        StringPool pool = trace.strings();
        Map<Integer, Long> byCat = new HashMap<>();
        int cpu = 0;
        int gpu = 0;
        int async = 0;
        List<Stream> streams = new ArrayList<>();
        List<SliceTrack> gpuTracks = new ArrayList<>();
        for (SliceTrack t : trace.sliceTracks()) {
            for (int r = 0; r < t.size(); r++) {
                byCat.merge(t.category(r), 1L, Long::sum);
            }
            switch (t.kind()) {
                case CPU_THREAD:
                    cpu++;
                    break;
                case GPU_STREAM:
                    gpu++;
                    gpuTracks.add(t);
                    streams.add(new Stream(t.info().device(), t.info().stream(), t.info().label(), t.size(),
                            Intervals.union(t, null).length()));
                    break;
                default:
                    async++;
            }
        }
        Map<String, Long> slicesByCategory = new TreeMap<>();
        byCat.forEach((c, n) -> slicesByCategory.merge(pool.get(c).isEmpty() ? "(none)" : pool.get(c), n, Long::sum));
        NameStats kernels = NameStats.of(gpuTracks, (t, r) -> isKernel(pool.get(t.category(r))));
        List<Kernel> top = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_KERNELS, kernels.size()); i++) {
            top.add(new Kernel(kernels.name(i, pool), kernels.count(i), kernels.total(i), kernels.share(i)));
        }
        Trace.LoadStats ls = trace.loadStats();
        return new TraceSummary(trace.source(), trace.metadata().format(), rank, source,
                trace.metadata().worldSize(), trace.metadata().backend(), trace.minTime(), trace.maxTime(),
                new TreeMap<>(trace.eventsByPhase()), slicesByCategory, cpu, gpu, trace.counterTracks().size(), async,
                trace.sliceCount(), trace.counterSampleCount(), streams, top, trace.flows().size(),
                trace.diagnostics().lines(), trace.diagnostics().truncated(), trace.diagnostics().bytesLost(),
                ls.fileBytes(), ls.decodedBytes(), ls.nanos() / 1e9, ls.megabytesPerSecond());
    }

    /**
     * Whether a GPU slice of category {@code cat} is a kernel (not a copy, a fill or an annotation). GPU
     * tracks of non-Kineto writers may have no category at all: those count as kernels.
     */
    public static boolean isKernel(String cat) {
        switch (cat) {
            case "gpu_memcpy":
            case "gpu_memset":
            case "gpu_user_annotation":
            case "Memcpy":
            case "Memset":
            case "ac2g":
                return false;
            default:
                return !cat.startsWith("cuda_sync");
        }
    }

    /** Counts of slice tracks by kind, for callers that want them by enum. */
    public int tracks(TrackKind kind) {
        switch (kind) {
            case CPU_THREAD:
                return cpuThreads;
            case GPU_STREAM:
                return gpuStreams;
            default:
                return asyncTracks;
        }
    }
}
