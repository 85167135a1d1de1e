package dev.parallax.analysis.bubbles;

import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.trace.ProcessGroup;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the traces a pipeline-parallel job would leave from a timeline of passes: per rank a ProfilerStep,
 * Megatron-style {@code forward_step}/{@code backward_step} annotations on the GPU (as NVTX ranges appear in
 * Kineto traces) with the micro-batch in their arguments, and the pipeline process group in the metadata.
 */
final class PipelineTraces {
    private PipelineTraces() {
    }

    /** One pass with absolute times in ns. */
    record Pass(int stage, String kind, int microbatch, int chunk, long start, long end) {
    }

    static List<Pass> fromTimeline(PipelineTimeline t, long originNs) {
        List<Pass> out = new ArrayList<>();
        for (PipelineOp o : t.ops()) {
            out.add(new Pass(o.stage(), o.kind().name(), o.microbatch(), o.chunk(),
                    originNs + Math.round(o.start() * 1e9), originNs + Math.round(o.end() * 1e9)));
        }
        return out;
    }

    static TraceSet build(int stages, List<Pass> passes, boolean withProcessGroup, boolean gpuAnnotations) {
        List<TraceSet.Member> members = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            ranks.add(s);
        }
        for (int s = 0; s < stages; s++) {
            TraceBuilder b = new TraceBuilder("rank-" + s + ".json");
            int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
            int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
            b.setGpuStream(gpu, 0, 7);
            int annCat = b.intern(gpuAnnotations ? "gpu_user_annotation" : "user_annotation");
            int userCat = b.intern("user_annotation");
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Pass p : passes) {
                if (p.stage() != s) {
                    continue;
                }
                lo = Math.min(lo, p.start());
                hi = Math.max(hi, p.end());
                String name = switch (p.kind()) {
                    case "F" -> "forward_step";
                    case "B" -> "backward_step";
                    default -> "backward_weight";
                };
                b.args().begin();
                b.args().putLong(b.intern("microbatch"), p.microbatch());
                b.args().putLong(b.intern("chunk"), p.chunk());
                int args = b.args().end();
                b.addSlice(gpuAnnotations ? gpu : cpu, p.start(), p.end() - p.start(), b.intern(name), annCat, args);
                b.addSlice(gpu, p.start(), p.end() - p.start(), b.intern("sm90_gemm_" + p.kind()), b.intern("kernel"), -1);
            }
            b.addSlice(cpu, lo - 1000, hi - lo + 2000, b.intern("ProfilerStep#7"), userCat, -1);
            List<ProcessGroup> groups = withProcessGroup
                    ? List.of(new ProcessGroup("1", "pp", "cuda:nccl", stages, ranks)) : List.of();
            b.setMetadata(new TraceMetadata("kineto", s, stages, "nccl", groups, List.of(), null, Map.of()));
            members.add(new TraceSet.Member(b.build(0, 0, 0), s, RankSource.DISTRIBUTED_INFO));
        }
        return new TraceSet("job", members);
    }
}
