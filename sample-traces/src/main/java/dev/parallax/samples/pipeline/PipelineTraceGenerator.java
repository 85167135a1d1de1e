package dev.parallax.samples.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.JsonFiles;
import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.core.SeededRandom;
import dev.parallax.samples.kineto.ClockBase;
import dev.parallax.samples.kineto.KinetoRankWriter;
import dev.parallax.samples.kineto.KinetoRankWriter.Collective;
import dev.parallax.samples.kineto.KinetoRankWriter.CpuThread;
import dev.parallax.samples.kineto.KinetoRankWriter.Launch;
import dev.parallax.samples.kineto.KinetoRankWriter.ProcessGroup;
import dev.parallax.samples.kineto.KinetoRankWriter.Shape;
import dev.parallax.samples.pipeline.PipelineSimulator.TimedOp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.parallax.samples.kineto.KernelNames.*;

/**
 * Generates the Kineto traces of a pipeline-parallel (optionally × tensor-parallel) Megatron-LM-style training
 * job whose timing comes from {@link PipelineSimulator}: per rank, {@code forward_step} / {@code backward_step}
 * annotations per micro-batch on the CPU (with {@code microbatch} and {@code model_chunk} in args) and as
 * {@code gpu_user_annotation} ranges enclosing that micro-batch's kernels on the compute stream, NCCL
 * {@code SendRecv} kernels for activations and gradients between stages, tensor-parallel all-reduce kernels
 * inside every pass, and one {@code ProfilerStep#N} per iteration. Ranks are numbered tensor-parallel first
 * (rank = stage·tp + tp_rank), as Megatron-LM does with data-parallel size 1.
 *
 * <p>The sidecar {@code <name>.expected.json} holds the schedule, the nominal per-stage times and, per iteration
 * and stage, the busy time (sum of its forward/backward passes, tensor-parallel communication inside a pass
 * included), the bubble time and fraction over the iteration's pipeline span (first forward start to last
 * backward end), and every pass with start/end ns.
 */
public final class PipelineTraceGenerator {
    /** The compute stream. */
    public static final int COMPUTE_STREAM = 7;
    /** Stream of tensor-parallel and gradient-norm all-reduces. */
    public static final int TP_STREAM = 28;
    /** Stream of outgoing point-to-point transfers. */
    public static final int SEND_STREAM = 44;
    /** Stream of incoming point-to-point transfers. */
    public static final int RECV_STREAM = 48;

    private static final long LEAD_NS = 250_000;
    private static final long OPTIMIZER_NS = 300_000;
    private static final long GRAD_NORM_NS = 40_000;
    private static final Shape GEMM = new Shape(new int[]{64, 4, 1}, new int[]{384, 1, 1}, 168, 213_248);
    private static final Shape FLASH = new Shape(new int[]{16, 32, 1}, new int[]{128, 1, 1}, 255, 49_152);
    private static final Shape SMALL = new Shape(new int[]{4096, 1, 1}, new int[]{128, 1, 1}, 32, 0);
    private static final Shape NCCL = new Shape(new int[]{2, 1, 1}, new int[]{640, 1, 1}, 96, 41_744);

    private final PipelineOptions o;
    private final PipelineSimulator sim;

    /** A kernel of a pass: name, share of the pass time, stream, shape, tensor-parallel all-reduce or not. */
    private record K(String name, double weight, Shape shape, boolean tpAllReduce) {
    }

    /** One rank being written. */
    private static final class RankCtx {
        final KinetoRankWriter w;
        final int stage;
        final int tpRank;
        final CpuThread main;
        final CpuThread bwd;
        final ProcessGroup pp;
        final ProcessGroup tp;
        final ProcessGroup world;
        final String file;
        final long base;
        long lateLaunches;

        RankCtx(KinetoRankWriter w, int stage, int tpRank, ProcessGroup pp, ProcessGroup tp, ProcessGroup world,
                String file, long base) {
            this.w = w;
            this.stage = stage;
            this.tpRank = tpRank;
            this.main = w.thread(w.pid());
            this.bwd = w.thread(w.pid() + 6113);
            this.pp = pp;
            this.tp = tp;
            this.world = world;
            this.file = file;
            this.base = base;
        }
    }

    /** A generator for the given options. */
    public PipelineTraceGenerator(PipelineOptions options) {
        options.validate();
        if (options.forwardUs / options.effectiveChunks() < 300) {
            throw new IllegalArgumentException("--forward-us per chunk must be at least 300 µs");
        }
        this.o = options;
        this.sim = new PipelineSimulator(options);
    }

    /** Writes the rank files and {@code <name>.expected.json} into {@code dir}. */
    public void generate(Path dir, String name) throws IOException {
        int p = o.stages;
        int world = p * o.tp;
        long jobStart = ClockBase.jobStart(true);
        long pidBase = 40_000 + SeededRandom.derive(o.seed, 0x51DL).nextInt(3_000_000);
        SeededRandom simRng = SeededRandom.derive(o.seed, 0x5C4EDL);

        // Simulate every iteration first (small: stages × micro-batches × chunks passes each).
        List<List<List<TimedOp>>> iterations = new ArrayList<>();
        List<long[]> iterationWindows = new ArrayList<>();
        long t0 = jobStart + 2_000_000_000L;
        for (int it = 0; it < o.iterations; it++) {
            List<List<TimedOp>> ops = sim.simulate(t0, simRng);
            long end = 0;
            for (List<TimedOp> stageOps : ops) {
                end = Math.max(end, stageOps.get(stageOps.size() - 1).end());
            }
            iterations.add(ops);
            long optimizerEnd = end + GRAD_NORM_NS + 5_000 + OPTIMIZER_NS;
            iterationWindows.add(new long[]{t0, end, optimizerEnd});
            t0 = optimizerEnd + 600_000;
        }

        int[] all = range(0, world, 1);
        ProcessGroup worldPg = new ProcessGroup("0", "default_pg", all);
        RankCtx[] ranks = new RankCtx[world];
        try {
            for (int r = 0; r < world; r++) {
                int stage = r / o.tp;
                int tpRank = r % o.tp;
                ProcessGroup pp = new ProcessGroup(Integer.toString(1 + tpRank), "pp", range(tpRank, world, o.tp));
                ProcessGroup tp = new ProcessGroup(Integer.toString(1 + o.tp + stage), "tp",
                        range(stage * o.tp, stage * o.tp + o.tp, 1));
                ProcessGroup dp = new ProcessGroup(Integer.toString(1 + o.tp + p + r), "dp", new int[]{r});
                List<ProcessGroup> groups = o.tp > 1 ? List.of(worldPg, pp, tp, dp) : List.of(worldPg, pp, dp);
                SeededRandom rng = SeededRandom.derive(o.seed, r);
                String file = SampleOutput.fileName("rank-" + r + ".pt.trace.json", o.gzip);
                KinetoRankWriter w = new KinetoRankWriter(dir.resolve(file), o.gzip, r, r % 8, pidBase + 97L * r,
                        o.gpu, rng, COMPUTE_STREAM, TP_STREAM, SEND_STREAM, RECV_STREAM);
                long profilerStart = jobStart + r * ClockBase.RANK_START_STAGGER_NS + rng.nextInt(5_000_000);
                long base = ClockBase.baseFor(profilerStart);
                RankCtx c = new RankCtx(w, stage, tpRank, pp, tp, worldPg, file, base);
                ranks[r] = c;
                w.writeHeader(base, world, groups, o.legacyNccl ? "2.17.1" : "2.21.5", Math.min(world, 8));
                w.writeMetadata(profilerStart, "python3.10", new long[]{c.main.tid, c.bwd.tid},
                        new String[]{"pt_main_thread", "pt_autograd_0"});
                c.main.t = iterationWindows.get(0)[0] - 2 * LEAD_NS;
                c.bwd.t = c.main.t;
                for (int it = 0; it < o.iterations; it++) {
                    writeIteration(c, iterations.get(it).get(stage), iterationWindows.get(it), o.firstStep + it);
                }
                w.finish();
            }
        } finally {
            for (RankCtx c : ranks) {
                if (c != null) {
                    c.w.close();
                }
            }
        }
        writeExpected(dir.resolve(name + ".expected.json"), ranks, iterations, iterationWindows);
    }

    private static int[] range(int from, int to, int step) {
        int[] out = new int[(to - from + step - 1) / step];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i * step;
        }
        return out;
    }

    private List<K> plan(TimedOp t) {
        boolean fwd = t.op().forward();
        int vsCount = o.stages * o.effectiveChunks();
        boolean first = t.virtualStage() == 0;
        boolean last = t.virtualStage() == vsCount - 1;
        boolean tp = o.tp > 1;
        int layers = o.layersPerStage / o.effectiveChunks();
        List<K> ks = new ArrayList<>();
        double layerWeight = 1.0;
        if (last) {
            // The vocabulary projection and loss take vocabExtra of a whole stage's time on top of the layers.
            double stageShare = 1.0 / o.effectiveChunks();
            layerWeight = stageShare / (stageShare + o.vocabExtra);
        }
        double per = layerWeight / layers;
        if (fwd && first) {
            ks.add(new K(EMBEDDING_KERNEL, 0.01, SMALL, false));
        }
        if (!fwd && last) {
            addVocab(ks, false, 1 - layerWeight);
        }
        for (int l = 0; l < layers; l++) {
            double ar = tp ? 0.07 : 0;
            if (fwd) {
                ks.add(new K(LN_KERNEL, per * 0.04, SMALL, false));
                ks.add(new K(gemm(0), per * 0.16, GEMM, false));
                ks.add(new K(FLASH_FWD, per * 0.20, FLASH, false));
                ks.add(new K(gemm(0), per * (0.07 + (tp ? 0 : 0.07)), GEMM, false));
                if (tp) {
                    ks.add(new K(allReduce(o.legacyNccl), per * ar, NCCL, true));
                }
                ks.add(new K(LN_KERNEL, per * 0.04, SMALL, false));
                ks.add(new K(gemm(0), per * 0.18, GEMM, false));
                ks.add(new K(GELU_KERNEL, per * 0.04, SMALL, false));
                ks.add(new K(gemm(0), per * (0.18 + (tp ? 0 : 0.07)), GEMM, false));
                if (tp) {
                    ks.add(new K(allReduce(o.legacyNccl), per * ar, NCCL, true));
                }
            } else {
                ks.add(new K(gemm(1), per * 0.09, GEMM, false));
                ks.add(new K(gemm(2), per * 0.09, GEMM, false));
                ks.add(new K(GELU_BWD_KERNEL, per * 0.04, SMALL, false));
                ks.add(new K(gemm(1), per * 0.09, GEMM, false));
                ks.add(new K(gemm(2), per * (0.09 + (tp ? 0 : 0.07)), GEMM, false));
                if (tp) {
                    ks.add(new K(allReduce(o.legacyNccl), per * ar, NCCL, true));
                }
                ks.add(new K(LN_GRAD_INPUT, per * 0.03, SMALL, false));
                ks.add(new K(gemm(1), per * 0.04, GEMM, false));
                ks.add(new K(gemm(2), per * 0.04, GEMM, false));
                ks.add(new K(FLASH_BWD, per * 0.25, FLASH, false));
                ks.add(new K(gemm(1), per * 0.08, GEMM, false));
                ks.add(new K(gemm(2), per * (0.08 + (tp ? 0 : 0.07)), GEMM, false));
                if (tp) {
                    ks.add(new K(allReduce(o.legacyNccl), per * ar, NCCL, true));
                }
                ks.add(new K(LN_GRAD_INPUT, per * 0.03, SMALL, false));
            }
        }
        if (fwd && last) {
            addVocab(ks, true, 1 - layerWeight);
        }
        if (!fwd && first) {
            ks.add(new K(EMBEDDING_BWD_KERNEL, 0.01, SMALL, false));
        }
        return ks;
    }

    /** The aten op that launches {@code kernel}, as the profiler would name it. */
    private static String cpuOpName(String kernel, boolean forward) {
        if (kernel.startsWith("sm") || kernel.startsWith("ampere")) {
            return forward ? "aten::addmm" : "aten::mm";
        }
        if (kernel.equals(FLASH_FWD)) {
            return "aten::_scaled_dot_product_flash_attention";
        }
        if (kernel.equals(FLASH_BWD)) {
            return "aten::_scaled_dot_product_flash_attention_backward";
        }
        if (kernel.equals(LN_KERNEL)) {
            return "aten::native_layer_norm";
        }
        if (kernel.equals(LN_GRAD_INPUT)) {
            return "aten::native_layer_norm_backward";
        }
        if (kernel.equals(GELU_KERNEL)) {
            return "aten::gelu";
        }
        if (kernel.equals(GELU_BWD_KERNEL)) {
            return "aten::gelu_backward";
        }
        if (kernel.equals(EMBEDDING_KERNEL)) {
            return "aten::embedding";
        }
        if (kernel.equals(EMBEDDING_BWD_KERNEL)) {
            return "aten::embedding_dense_backward";
        }
        if (kernel.equals(SOFTMAX_KERNEL)) {
            return "aten::_log_softmax";
        }
        if (kernel.equals(SOFTMAX_BWD_KERNEL)) {
            return "aten::_log_softmax_backward_data";
        }
        if (kernel.equals(NLL_KERNEL)) {
            return "aten::nll_loss_forward";
        }
        if (kernel.equals(NLL_BWD_KERNEL)) {
            return "aten::nll_loss_backward";
        }
        return "aten::add";
    }

    private void addVocab(List<K> ks, boolean fwd, double share) {
        if (fwd) {
            ks.add(new K(LN_KERNEL, share * 0.05, SMALL, false));
            ks.add(new K(gemm(0), share * 0.75, GEMM, false));
            ks.add(new K(SOFTMAX_KERNEL, share * 0.17, SMALL, false));
            ks.add(new K(NLL_KERNEL, share * 0.03, SMALL, false));
        } else {
            ks.add(new K(NLL_BWD_KERNEL, share * 0.03, SMALL, false));
            ks.add(new K(SOFTMAX_BWD_KERNEL, share * 0.17, SMALL, false));
            ks.add(new K(gemm(1), share * 0.40, GEMM, false));
            ks.add(new K(gemm(2), share * 0.40, GEMM, false));
        }
    }

    private String gemm(int kind) {
        return kind == 0 ? o.gpu.gemmForward() : kind == 1 ? o.gpu.gemmInputGrad() : o.gpu.gemmWeightGrad();
    }

    private long activationElems() {
        return 4L * 2048 * 4096 / o.tp;
    }

    private void writeIteration(RankCtx c, List<TimedOp> ops, long[] window, int step) throws IOException {
        KinetoRankWriter w = c.w;
        long stepStart = window[0] - 2 * LEAD_NS + 20_000;
        c.main.t = Math.max(c.main.t, stepStart + 10_000);
        int vsCount = o.stages * o.effectiveChunks();
        for (TimedOp t : ops) {
            writeOp(c, t, vsCount);
        }
        // Gradient-norm all-reduce over all ranks, then the optimizer, then a synchronising loss.item().
        CpuThread th = c.main;
        th.t = Math.max(th.t, c.bwd.t) + 5_000;
        Collective norm = new Collective("allreduce", 1, "Float", c.world);
        long ext = w.externalId();
        long t0 = th.t;
        th.t += 4_000;
        Launch l = launchNccl(c, th);
        th.t += 3_000;
        w.recordParamComms(th, t0, th.t, ext, norm);
        long lastEnd = ops.get(ops.size() - 1).end();
        long arStart = Math.max(lastEnd, l.ts() + 4_000);
        w.kernel(l, allReduce(o.legacyNccl), TP_STREAM, arStart, window[1] + GRAD_NORM_NS - arStart, NCCL, norm);
        th.t += 5_000;
        long optExt = w.externalId();
        long o0 = th.t;
        Launch ol = w.api(th, "cudaLaunchKernel", "cuda_runtime", optExt, 5.5);
        long optStart = window[1] + GRAD_NORM_NS + 5_000;
        w.kernel(ol, ADAM_KERNEL, COMPUTE_STREAM, optStart, OPTIMIZER_NS, SMALL, null);
        th.t += 3_000;
        w.cpuOp(th, "aten::_fused_adamw_", o0, th.t, optExt, -1, null, null);
        w.userAnnotation(th, "Optimizer.step#FusedAdam.step", o0 - 1_000, th.t + 1_000);
        th.t += 5_000;
        long syncStart = th.t;
        long syncEnd = Math.max(syncStart + 3_000, window[2] + 4_000);
        w.writer().complete("cuda_runtime", "cudaStreamSynchronize", w.pid(), th.tid, syncStart,
                syncEnd - syncStart).arg("External id", optExt).arg("cbid", 131).arg("correlation", 0).end();
        th.t = syncEnd + 15_000;
        w.userAnnotation(th, "ProfilerStep#" + step, stepStart, th.t);
        th.t += 20_000;
        c.bwd.t = th.t;
    }

    private Launch launchNccl(RankCtx c, CpuThread th) throws IOException {
        return o.legacyNccl
                ? c.w.api(th, "cudaLaunchKernel", "cuda_runtime", c.w.externalId(), 8)
                : c.w.api(th, "cuLaunchKernelEx", "cuda_driver", c.w.externalId(), 8);
    }

    private void writeOp(RankCtx c, TimedOp t, int vsCount) throws IOException {
        KinetoRankWriter w = c.w;
        SeededRandom rng = w.rng();
        boolean fwd = t.op().forward();
        CpuThread main = c.main;
        main.t = Math.max(main.t + 5_000, t.start() - LEAD_NS);
        long activation = activationElems();
        // Receive the input (activations from the previous stage, or gradients from the next).
        if (t.receives()) {
            long r0 = main.t;
            long ext = w.externalId();
            main.t += 3_000;
            Launch l = launchNccl(c, main);
            main.t += 2_000;
            Collective recv = new Collective("recv", activation, "BFloat16", c.pp);
            w.recordParamComms(main, r0, main.t, ext, recv);
            main.t += 3_000;
            long start = Math.max(Math.max(t.inputSentAt(), l.ts() + 4_000), w.streamFree(RECV_STREAM));
            long end = Math.max(start + 6_000, t.inputArrival());
            w.kernel(l, sendRecv(o.legacyNccl), RECV_STREAM, start, end - start, NCCL, recv);
        }
        String name = fwd ? "forward_step" : "backward_step";
        long annStart = main.t;
        long annExt = w.externalId();
        main.t += 6_000;
        CpuThread th = main;
        if (!fwd) {
            c.bwd.t = Math.max(c.bwd.t, main.t + 8_000);
            th = c.bwd;
        }
        List<K> plan = plan(t);
        long gaps = (plan.size() - 1) * 1_000L;
        long work = t.end() - t.start() - gaps;
        double totalWeight = 0;
        for (K k : plan) {
            totalWeight += k.weight();
        }
        long cursor = t.start();
        long assigned = 0;
        double cumulative = 0;
        for (int i = 0; i < plan.size(); i++) {
            K k = plan.get(i);
            cumulative += k.weight();
            long upTo = i == plan.size() - 1 ? work : Math.round(work * cumulative / totalWeight);
            long dur = Math.max(1, upTo - assigned);
            assigned = upTo;
            long opExt = w.externalId();
            long op0 = th.t;
            th.t += rng.jitterNs(2_000, 0.2);
            Launch l;
            if (k.tpAllReduce()) {
                l = launchNccl(c, th);
            } else {
                l = w.api(th, "cudaLaunchKernel", "cuda_runtime", opExt, 5);
            }
            if (th.t > cursor) {
                c.lateLaunches++;
            }
            Collective ar = k.tpAllReduce() ? new Collective("allreduce", activation, "BFloat16", c.tp) : null;
            w.kernel(l, k.name(), k.tpAllReduce() ? TP_STREAM : COMPUTE_STREAM, cursor, dur, k.shape(), ar);
            th.t += 1_000;
            if (k.tpAllReduce()) {
                w.recordParamComms(th, op0, th.t, opExt, ar);
            } else {
                w.cpuOp(th, cpuOpName(k.name(), fwd), op0, th.t, opExt, -1, null, null);
            }
            cursor += dur + 1_000;
            th.t += rng.jitterNs(1_500, 0.3);
        }
        if (!fwd) {
            main.t = Math.max(main.t, c.bwd.t + 5_000);
        }
        main.t += 4_000;
        w.writer().complete("user_annotation", name, w.pid(), main.tid, annStart, main.t - annStart)
                .arg("External id", annExt).arg("microbatch", t.op().microbatch())
                .arg("model_chunk", t.op().chunk()).end();
        w.gpuUserAnnotation(COMPUTE_STREAM, name, t.start(), t.end(), annExt);
        // Send the output onward.
        boolean sends = fwd ? t.virtualStage() < vsCount - 1 : t.virtualStage() > 0;
        if (sends) {
            long s0 = main.t;
            long ext = w.externalId();
            main.t += 3_000;
            Launch l = launchNccl(c, main);
            main.t += 2_000;
            Collective send = new Collective("send", activation, "BFloat16", c.pp);
            w.recordParamComms(main, s0, main.t, ext, send);
            main.t += 3_000;
            long start = Math.max(t.end(), w.streamFree(SEND_STREAM));
            w.kernel(l, sendRecv(o.legacyNccl), SEND_STREAM, start, Math.max(1_000, t.end() + sim.p2pNs() - start),
                    NCCL, send);
        }
    }

    private void writeExpected(Path file, RankCtx[] ranks, List<List<List<TimedOp>>> iterations,
                               List<long[]> windows) throws IOException {
        int p = o.stages;
        int v = o.effectiveChunks();
        try (JsonGenerator g = JsonFiles.open(file)) {
            g.writeStartObject();
            g.writeStringField("generator", "pipeline");
            g.writeStringField("description", "Pipeline-parallel training simulated with dependencies: busy ="
                    + " sum of a stage's forward/backward passes; span = first forward start to last backward end"
                    + " of the iteration (all stages); bubble = span - busy. Times are absolute ns"
                    + " (baseTimeNanoseconds + ts).");
            g.writeStringField("schedule", o.schedule.id());
            g.writeNumberField("stages", p);
            g.writeNumberField("microbatches", o.microbatches);
            g.writeNumberField("chunks", v);
            g.writeNumberField("tp", o.tp);
            g.writeNumberField("iterations", o.iterations);
            g.writeNumberField("seed", o.seed);
            g.writeNumberField("slow_stage", o.slowStage);
            JsonFiles.fixed(g, "slow_factor", o.slowFactor, 3);
            JsonFiles.fixed(g, "vocab_extra", o.vocabExtra, 3);
            JsonFiles.fixed(g, "jitter", o.jitter, 3);
            g.writeNumberField("p2p_latency_ns", sim.p2pNs());
            JsonFiles.fixed(g, "theoretical_bubble_fraction_equal_stages",
                    o.schedule.theoreticalBubbleFraction(p, o.microbatches, v), 6);
            g.writeObjectFieldStart("streams");
            g.writeNumberField("compute", COMPUTE_STREAM);
            g.writeNumberField("tensor_parallel", TP_STREAM);
            g.writeNumberField("p2p_send", SEND_STREAM);
            g.writeNumberField("p2p_recv", RECV_STREAM);
            g.writeEndObject();
            g.writeArrayFieldStart("stage_times");
            for (int s = 0; s < p; s++) {
                g.writeStartObject();
                g.writeNumberField("stage", s);
                g.writeArrayFieldStart("t_forward_ns_per_chunk");
                for (int ch = 0; ch < v; ch++) {
                    g.writeNumber(sim.forwardNs(ch * p + s));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("t_backward_ns_per_chunk");
                for (int ch = 0; ch < v; ch++) {
                    g.writeNumber(sim.backwardNs(ch * p + s));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("ranks");
            for (RankCtx c : ranks) {
                g.writeStartObject();
                g.writeNumberField("rank", c.w.rank());
                g.writeStringField("file", c.file);
                g.writeNumberField("stage", c.stage);
                g.writeNumberField("tp_rank", c.tpRank);
                g.writeNumberField("base_time_ns", c.base);
                g.writeNumberField("pid", c.w.pid());
                g.writeNumberField("events", c.w.writer().counts().total());
                g.writeNumberField("kernels", c.w.kernels());
                g.writeNumberField("nccl_kernels", c.w.commKernels());
                g.writeNumberField("late_launches", c.lateLaunches);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("per_iteration");
            for (int it = 0; it < iterations.size(); it++) {
                long[] win = windows.get(it);
                long spanStart = Long.MAX_VALUE;
                for (List<TimedOp> ops : iterations.get(it)) {
                    spanStart = Math.min(spanStart, ops.get(0).start());
                }
                long span = win[1] - spanStart;
                g.writeStartObject();
                g.writeStringField("profiler_step", "ProfilerStep#" + (o.firstStep + it));
                g.writeNumberField("pipeline_start_ns", spanStart);
                g.writeNumberField("pipeline_end_ns", win[1]);
                g.writeNumberField("span_ns", span);
                g.writeNumberField("optimizer_end_ns", win[2]);
                g.writeArrayFieldStart("stages");
                for (List<TimedOp> ops : iterations.get(it)) {
                    long busy = 0;
                    for (TimedOp t : ops) {
                        busy += t.end() - t.start();
                    }
                    g.writeStartObject();
                    g.writeNumberField("stage", ops.get(0).stage());
                    g.writeNumberField("busy_ns", busy);
                    g.writeNumberField("bubble_ns", span - busy);
                    JsonFiles.fixed(g, "bubble_fraction", (span - busy) / (double) span, 6);
                    g.writeArrayFieldStart("ops");
                    for (TimedOp t : ops) {
                        g.writeStartObject();
                        g.writeStringField("kind", t.op().forward() ? "F" : "B");
                        g.writeNumberField("microbatch", t.op().microbatch());
                        g.writeNumberField("chunk", t.op().chunk());
                        g.writeNumberField("start_ns", t.start());
                        g.writeNumberField("end_ns", t.end());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
