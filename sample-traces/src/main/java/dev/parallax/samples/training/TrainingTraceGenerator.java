package dev.parallax.samples.training;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.GpuSpec;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.parallax.samples.kineto.KernelNames.*;

/**
 * Generates the PyTorch-profiler traces of a data-parallel (DDP) transformer training job, one file per rank,
 * by simulating each step: the forward pass on the main thread, the backward pass on the autograd thread, DDP
 * gradient buckets all-reduced on an NCCL stream while later buckets are still being computed (so communication
 * overlaps computation partially and the last bucket is exposed), the optimizer, and the {@code loss.item()}
 * synchronisation that ends each {@code ProfilerStep#N}. All ranks are simulated in lock step so that every
 * all-reduce ends at the same wall-clock time on every rank (early ranks wait inside the NCCL kernel).
 *
 * <p>Output: {@code rank-<r>.pt.trace.json[.gz]} per rank and {@code <name>.expected.json} with the exact
 * counts and per-step busy/overlap times of what was written. Memory use does not grow with the number of
 * steps, except for a few numbers per step kept for the sidecar.
 */
public final class TrainingTraceGenerator {
    /** The compute stream. */
    public static final int COMPUTE_STREAM = 7;
    /** The stream of non-blocking host-to-device batch copies. */
    public static final int COPY_STREAM = 21;
    /** The NCCL stream. */
    public static final int COMM_STREAM = 40;

    private static final int GPUS_PER_NODE = 8;
    private static final Shape ELEMENTWISE = new Shape(new int[]{16384, 1, 1}, new int[]{128, 1, 1}, 28, 0);
    private static final Shape LAYER_NORM = new Shape(new int[]{8192, 1, 1}, new int[]{128, 1, 1}, 40, 0);
    private static final Shape GEMM = new Shape(new int[]{96, 4, 1}, new int[]{384, 1, 1}, 168, 213_248);
    private static final Shape FLASH = new Shape(new int[]{16, 64, 1}, new int[]{128, 1, 1}, 255, 49_152);
    private static final Shape NCCL = new Shape(new int[]{24, 1, 1}, new int[]{544, 1, 1}, 96, 87_568);
    private static final Shape ADAM = new Shape(new int[]{320, 1, 1}, new int[]{512, 1, 1}, 64, 0);
    private static final Shape SMALL = new Shape(new int[]{1, 1, 1}, new int[]{128, 1, 1}, 32, 0);

    private static final String[] BF16x2 = {"c10::BFloat16", "c10::BFloat16"};
    private static final String[] BF16x3 = {"c10::BFloat16", "c10::BFloat16", "c10::BFloat16"};

    private static final int BATCH = 4;
    private static final int SEQ = 2048;
    private static final int VOCAB = 32_000;

    private final TrainingOptions o;
    private final long tokens;

    /** A kernel an op launches: name, nominal H100 duration in µs, stream, shape. */
    private record K(String name, double us, int stream, Shape shape) {
    }

    /** Per-step ground truth of one rank. */
    private record StepTruth(String name, long start, long end, long compute, long comm, long overlap,
                             long memory) {
    }

    /** The simulation state of one rank. */
    private static final class Rank {
        final KinetoRankWriter w;
        final CpuThread main;
        final CpuThread bwd;
        final double speed;
        final long base;
        final long[] layerSeq;
        final String file;
        final List<StepTruth> steps = new ArrayList<>();
        long seq = 1000;
        long headSeq;
        long pyId;
        long copiedUntil;

        Rank(KinetoRankWriter w, int layers, double speed, long base, String file) {
            this.w = w;
            this.main = w.thread(w.pid());
            this.bwd = w.thread(w.pid() + 9503);
            this.speed = speed;
            this.base = base;
            this.layerSeq = new long[layers];
            this.file = file;
        }
    }

    /** A generator for the given options. */
    public TrainingTraceGenerator(TrainingOptions options) {
        options.validate();
        this.o = options;
        this.tokens = (long) BATCH * SEQ;
    }

    /** The file name of rank {@code r}'s trace. */
    public static String rankFileName(int r, boolean gzip) {
        return SampleOutput.fileName("rank-" + r + ".pt.trace.json", gzip);
    }

    /**
     * Writes the rank files and {@code <name>.expected.json} into {@code dir}; returns the number of steps
     * generated.
     */
    public int generate(Path dir, String name) throws IOException {
        SeededRandom shared = SeededRandom.derive(o.seed, 0xC011EC7L);
        long jobStart = ClockBase.jobStart(o.straddleClockBucket);
        long pidBase = 20_000 + SeededRandom.derive(o.seed, 0x51DL).nextInt(3_000_000);
        int[] all = new int[o.ranks];
        for (int i = 0; i < o.ranks; i++) {
            all[i] = i;
        }
        ProcessGroup world = new ProcessGroup("0", "default_pg", all);
        String ncclVersion = o.legacyNccl ? "2.17.1" : "2.21.5";
        Rank[] ranks = new Rank[o.ranks];
        int steps = 0;
        try {
            for (int r = 0; r < o.ranks; r++) {
                SeededRandom rng = SeededRandom.derive(o.seed, r);
                String file = rankFileName(r, o.gzip);
                KinetoRankWriter w = new KinetoRankWriter(dir.resolve(file), o.gzip, r, r % GPUS_PER_NODE,
                        pidBase + 131L * r, o.gpu, rng, COMPUTE_STREAM, COPY_STREAM, COMM_STREAM);
                long profilerStart = jobStart + r * ClockBase.RANK_START_STAGGER_NS + rng.nextInt(5_000_000);
                long base = ClockBase.baseFor(profilerStart);
                ranks[r] = new Rank(w, o.layers, 1.0 + 0.02 * rng.gaussian(), base, file);
                w.writeHeader(base, o.ranks, List.of(world), ncclVersion, Math.min(o.ranks, GPUS_PER_NODE));
                Rank k = ranks[r];
                w.writeMetadata(profilerStart, "python3.11", new long[]{k.main.tid, k.bwd.tid},
                        new String[]{"pt_main_thread", "pt_autograd_0"});
                long stepStart = jobStart + 1_500_000_000L + rng.nextInt(300_000);
                k.main.t = stepStart;
                k.bwd.t = stepStart;
                for (int s : new int[]{COMPUTE_STREAM, COPY_STREAM, COMM_STREAM}) {
                    w.streamWaitUntil(s, stepStart);
                }
            }
            while (true) {
                step(ranks, o.firstStep + steps, world, shared);
                steps++;
                if (o.targetBytes > 0 ? ranks[0].w.bytesWritten() >= o.targetBytes : steps >= o.steps) {
                    break;
                }
            }
            for (Rank k : ranks) {
                k.w.finish();
            }
        } finally {
            for (Rank k : ranks) {
                if (k != null) {
                    k.w.close();
                }
            }
        }
        writeExpected(dir.resolve(name + ".expected.json"), ranks, steps, jobStart);
        return steps;
    }

    private double us(Rank k, double nominal) {
        return nominal * o.gpu.slowdown() * k.speed;
    }

    private void step(Rank[] ranks, int stepNumber, ProcessGroup world, SeededRandom shared) throws IOException {
        long[] stepStart = new long[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            Rank k = ranks[r];
            k.w.compute.clear();
            k.w.comm.clear();
            k.w.memory.clear();
            stepStart[r] = k.main.t;
            forward(k);
            k.bwd.t = Math.max(k.bwd.t, k.main.t + 15_000);
            backwardHead(k);
        }
        // Backward, bucket by bucket: each bucket's all-reduce is a synchronisation point across ranks.
        int bucketIndex = 0;
        int layer = o.layers - 1;
        while (layer >= -1) {
            int first = Math.max(-1, layer - o.bucketLayers + 1);
            boolean last = first == -1;
            long[] earliest = new long[ranks.length];
            Launch[] launches = new Launch[ranks.length];
            long nelems = 0;
            for (int l = layer; l >= Math.max(first, 0); l--) {
                nelems += 12L * o.hidden * o.hidden;
            }
            if (bucketIndex == 0) {
                nelems += (long) VOCAB * o.hidden;
            }
            if (last) {
                nelems += (long) VOCAB * o.hidden;
            }
            Collective c = new Collective("allreduce", nelems, "BFloat16", world);
            for (int r = 0; r < ranks.length; r++) {
                Rank k = ranks[r];
                for (int l = layer; l >= Math.max(first, 0); l--) {
                    backwardLayer(k, l);
                }
                if (last) {
                    backwardEmbedding(k);
                }
                launches[r] = launchAllReduce(k, c);
                earliest[r] = k.w.earliestStart(launches[r], COMM_STREAM, k.w.streamFree(COMPUTE_STREAM));
            }
            long bytes = nelems * 2;
            int n = ranks.length;
            double ringFactor = n == 1 ? 0.05 : 2.0 * (n - 1) / n;
            long dur = shared.jitterNs(20_000 + ringFactor * bytes / o.busBandwidthGBs, 0.04);
            long maxStart = 0;
            for (long e : earliest) {
                maxStart = Math.max(maxStart, e);
            }
            for (int r = 0; r < ranks.length; r++) {
                ranks[r].w.kernel(launches[r], ncclAllReduceName(), COMM_STREAM, earliest[r],
                        maxStart + dur - earliest[r], NCCL, c);
            }
            bucketIndex++;
            layer = first - 1;
            if (last) {
                break;
            }
        }
        for (int r = 0; r < ranks.length; r++) {
            Rank k = ranks[r];
            optimizerAndSync(k);
            String name = "ProfilerStep#" + stepNumber;
            k.w.userAnnotation(k.main, name, stepStart[r], k.main.t);
            long compute = k.w.compute.unionLength();
            long comm = k.w.comm.unionLength();
            k.steps.add(new StepTruth(name, stepStart[r], k.main.t, compute, comm,
                    k.w.compute.intersectionLength(k.w.comm), k.w.memory.unionLength()));
            k.main.t += 12_000 + k.w.rng().nextInt(8_000);
            k.bwd.t = k.main.t;
        }
    }

    private String ncclAllReduceName() {
        return allReduce(o.legacyNccl);
    }

    /** One aten op (outer, optional inner) launching {@code kernels}; returns nothing, advances the thread. */
    private void op(Rank k, CpuThread th, String outer, String inner, long seq, boolean backward, long[][] dims,
                    String[] types, K... kernels) throws IOException {
        SeededRandom rng = k.w.rng();
        long t0 = th.t;
        long ext = k.w.externalId();
        th.t += rng.jitterNs(backward ? 9_000 : 6_000, 0.2);
        long innerExt = ext;
        long t1 = th.t;
        if (inner != null) {
            innerExt = k.w.externalId();
            th.t += rng.jitterNs(4_000, 0.2);
        }
        for (K kernel : kernels) {
            Launch l = k.w.api(th, "cudaLaunchKernel", "cuda_runtime", innerExt, 5.5);
            long start = k.w.earliestStart(l, kernel.stream(), 0);
            k.w.kernel(l, kernel.name(), kernel.stream(), start, k.w.rng().jitterNs(us(k, kernel.us()) * 1000, 0.05),
                    kernel.shape(), null);
            th.t += rng.jitterNs(2_000, 0.3);
        }
        th.t += rng.jitterNs(3_000, 0.2);
        if (inner != null) {
            k.w.cpuOp(th, inner, t1, th.t, innerExt, -1, dims, types);
            th.t += rng.jitterNs(1_500, 0.2);
        }
        k.w.cpuOp(th, outer, t0, th.t, ext, seq, inner == null ? dims : null, types);
        if (seq >= 0) {
            k.w.writer().flow(backward ? "f" : "s", "fwdbwd", seq, k.w.pid(), th.tid, t0, backward);
        }
        th.t += rng.jitterNs(backward ? 6_000 : 8_000, 0.3);
    }

    private long[][] act(int width) {
        return new long[][]{{BATCH, SEQ, width}};
    }

    private long[][] linearDims(int in, int out) {
        return new long[][]{{BATCH, SEQ, in}, {out, in}, {out}};
    }

    private void python(Rank k, CpuThread th, String name, long start, long end, long parent, long id)
            throws IOException {
        k.w.writer().complete("python_function", name, k.w.pid(), th.tid, start, end - start)
                .arg("Python parent id", parent).arg("Python id", id).arg("Python thread", 0).end();
    }

    private void forward(Rank k) throws IOException {
        CpuThread th = k.main;
        SeededRandom rng = k.w.rng();
        int h = o.hidden;
        long stepPy = k.pyId++;
        long stepPyStart = th.t;
        // Data loading, then the batch copy on the copy stream.
        long dl = rng.nextDouble() < 0.15 ? rng.jitterNs(6_000_000, 0.3) : rng.jitterNs(250_000, 0.3);
        th.t += 5_000;
        k.w.userAnnotation(th, "enumerate(DataLoader)#_SingleProcessDataLoaderIter.__next__", th.t, th.t + dl);
        th.t += dl + 10_000;
        for (int i = 0; i < 2; i++) {
            long t0 = th.t;
            long ext = k.w.externalId();
            th.t += 4_000;
            Launch l = k.w.api(th, "cudaMemcpyAsync", "cuda_runtime", ext, 7);
            long bytes = tokens * 8;
            long start = k.w.earliestStart(l, COPY_STREAM, 0);
            long dur = Math.round(2_000 + bytes / 22.0);
            k.w.memcpy(l, "HtoD (Pinned -> Device)", COPY_STREAM, start, dur, bytes);
            th.t += 3_000;
            k.w.cpuOp(th, "aten::to", t0, th.t, ext, -1, new long[][]{{BATCH, SEQ}, {}, {}, {}},
                    new String[]{"long int", "Device", "Scalar", "Scalar"});
            th.t += 4_000;
            k.copiedUntil = start + dur;
        }
        k.w.streamWaitUntil(COMPUTE_STREAM, k.copiedUntil);
        long modelPy = k.pyId++;
        long modelStart = th.t;
        long s = k.seq;
        k.headSeq = s;
        k.seq += 5;
        op(k, th, "aten::embedding", "aten::index_select", s, false, new long[][]{{VOCAB, h}, {BATCH, SEQ}},
                new String[]{"c10::BFloat16", "long int"}, new K(EMBEDDING_KERNEL, 28, COMPUTE_STREAM, ELEMENTWISE));
        for (int l = 0; l < o.layers; l++) {
            th.t += 3_000;
            long layerStart = th.t;
            long py = k.pyId++;
            long b = k.seq;
            k.layerSeq[l] = b;
            k.seq += 10;
            op(k, th, "aten::layer_norm", "aten::native_layer_norm", b, false, act(h), BF16x3,
                    new K(LN_KERNEL, 22, COMPUTE_STREAM, LAYER_NORM));
            op(k, th, "aten::linear", "aten::addmm", b + 1, false, linearDims(h, 3 * h), BF16x3,
                    new K(o.gpu.gemmForward(), 150, COMPUTE_STREAM, GEMM));
            op(k, th, "aten::scaled_dot_product_attention", "aten::_scaled_dot_product_flash_attention", b + 2,
                    false, new long[][]{{BATCH, 16, SEQ, 128}, {BATCH, 16, SEQ, 128}, {BATCH, 16, SEQ, 128}},
                    BF16x3, new K(FLASH_FWD, 190, COMPUTE_STREAM, FLASH));
            op(k, th, "aten::linear", "aten::addmm", b + 3, false, linearDims(h, h), BF16x3,
                    new K(o.gpu.gemmForward(), 55, COMPUTE_STREAM, GEMM));
            op(k, th, "aten::add", null, b + 4, false, new long[][]{{BATCH, SEQ, h}, {BATCH, SEQ, h}}, BF16x2,
                    new K(ADD_KERNEL, 18, COMPUTE_STREAM, ELEMENTWISE));
            op(k, th, "aten::layer_norm", "aten::native_layer_norm", b + 5, false, act(h), BF16x3,
                    new K(LN_KERNEL, 22, COMPUTE_STREAM, LAYER_NORM));
            op(k, th, "aten::linear", "aten::addmm", b + 6, false, linearDims(h, 4 * h), BF16x3,
                    new K(o.gpu.gemmForward(), 210, COMPUTE_STREAM, GEMM));
            op(k, th, "aten::gelu", null, b + 7, false, act(4 * h), new String[]{"c10::BFloat16"},
                    new K(GELU_KERNEL, 45, COMPUTE_STREAM, ELEMENTWISE));
            op(k, th, "aten::linear", "aten::addmm", b + 8, false, linearDims(4 * h, h), BF16x3,
                    new K(o.gpu.gemmForward(), 205, COMPUTE_STREAM, GEMM));
            op(k, th, "aten::add", null, b + 9, false, new long[][]{{BATCH, SEQ, h}, {BATCH, SEQ, h}}, BF16x2,
                    new K(ADD_KERNEL, 18, COMPUTE_STREAM, ELEMENTWISE));
            python(k, th, "nn.Module: TransformerBlock_" + l, layerStart, th.t, modelPy, py);
        }
        op(k, th, "aten::layer_norm", "aten::native_layer_norm", s + 1, false, act(h), BF16x3,
                new K(LN_KERNEL, 22, COMPUTE_STREAM, LAYER_NORM));
        op(k, th, "aten::linear", "aten::mm", s + 2, false, linearDims(h, VOCAB), BF16x2,
                new K(o.gpu.gemmForward(), 420, COMPUTE_STREAM, GEMM));
        python(k, th, "nn.Module: GPT_0", modelStart, th.t, stepPy, modelPy);
        op(k, th, "aten::log_softmax", "aten::_log_softmax", s + 3, false, new long[][]{{BATCH * SEQ, VOCAB}, {}, {}},
                new String[]{"c10::BFloat16", "Scalar", "Scalar"}, new K(SOFTMAX_KERNEL, 130, COMPUTE_STREAM, LAYER_NORM));
        op(k, th, "aten::nll_loss_nd", "aten::nll_loss_forward", s + 4, false,
                new long[][]{{BATCH * SEQ, VOCAB}, {BATCH * SEQ}}, new String[]{"float", "long int"},
                new K(NLL_KERNEL, 12, COMPUTE_STREAM, SMALL));
        python(k, th, "train.py(142): train_step", stepPyStart, th.t, 0, stepPy);
    }

    private void backwardHead(Rank k) throws IOException {
        CpuThread th = k.bwd;
        long s = k.headSeq;
        // Memset of the DDP gradient buckets at the start of backward.
        long t0 = th.t;
        long ext = k.w.externalId();
        th.t += 3_000;
        Launch l = k.w.api(th, "cudaMemsetAsync", "cuda_runtime", ext, 6);
        long bytes = 2L * 12L * o.hidden * o.hidden * Math.min(o.layers, o.bucketLayers);
        long start = k.w.earliestStart(l, COMPUTE_STREAM, 0);
        k.w.memset(l, COMPUTE_STREAM, start, Math.round(3_000 + bytes / 1_500.0), bytes);
        th.t += 2_000;
        k.w.cpuOp(th, "aten::zero_", t0, th.t, ext, -1, new long[][]{{bytes / 2}}, new String[]{"c10::BFloat16"});
        th.t += 5_000;
        op(k, th, "autograd::engine::evaluate_function: NllLossBackward0", "NllLossBackward0", s + 4, true, null,
                null, new K(NLL_BWD_KERNEL, 10, COMPUTE_STREAM, SMALL));
        op(k, th, "autograd::engine::evaluate_function: LogSoftmaxBackward0", "LogSoftmaxBackward0", s + 3, true,
                null, null, new K(SOFTMAX_BWD_KERNEL, 140, COMPUTE_STREAM, LAYER_NORM));
        op(k, th, "autograd::engine::evaluate_function: MmBackward0", "MmBackward0", s + 2, true, null, null,
                new K(o.gpu.gemmInputGrad(), 420, COMPUTE_STREAM, GEMM),
                new K(o.gpu.gemmWeightGrad(), 430, COMPUTE_STREAM, GEMM));
        op(k, th, "autograd::engine::evaluate_function: NativeLayerNormBackward0", "NativeLayerNormBackward0",
                s + 1, true, null, null, new K(LN_GRAD_INPUT, 30, COMPUTE_STREAM, LAYER_NORM),
                new K(LN_GRAD_GAMMA, 25, COMPUTE_STREAM, LAYER_NORM));
    }

    private void backwardLayer(Rank k, int l) throws IOException {
        CpuThread th = k.bwd;
        long b = k.layerSeq[l];
        String ev = "autograd::engine::evaluate_function: ";
        op(k, th, ev + "AddBackward0", "AddBackward0", b + 9, true, null, null);
        op(k, th, ev + "AddmmBackward0", "AddmmBackward0", b + 8, true, null, null,
                new K(o.gpu.gemmInputGrad(), 205, COMPUTE_STREAM, GEMM),
                new K(o.gpu.gemmWeightGrad(), 212, COMPUTE_STREAM, GEMM));
        op(k, th, ev + "GeluBackward0", "GeluBackward0", b + 7, true, null, null,
                new K(GELU_BWD_KERNEL, 62, COMPUTE_STREAM, ELEMENTWISE));
        op(k, th, ev + "AddmmBackward0", "AddmmBackward0", b + 6, true, null, null,
                new K(o.gpu.gemmInputGrad(), 210, COMPUTE_STREAM, GEMM),
                new K(o.gpu.gemmWeightGrad(), 215, COMPUTE_STREAM, GEMM));
        op(k, th, ev + "NativeLayerNormBackward0", "NativeLayerNormBackward0", b + 5, true, null, null,
                new K(LN_GRAD_INPUT, 30, COMPUTE_STREAM, LAYER_NORM),
                new K(LN_GRAD_GAMMA, 25, COMPUTE_STREAM, LAYER_NORM));
        op(k, th, ev + "AddBackward0", "AddBackward0", b + 4, true, null, null);
        op(k, th, ev + "AddmmBackward0", "AddmmBackward0", b + 3, true, null, null,
                new K(o.gpu.gemmInputGrad(), 55, COMPUTE_STREAM, GEMM),
                new K(o.gpu.gemmWeightGrad(), 58, COMPUTE_STREAM, GEMM));
        op(k, th, ev + "ScaledDotProductFlashAttentionBackward0", "ScaledDotProductFlashAttentionBackward0", b + 2,
                true, null, null, new K(FLASH_BWD, 480, COMPUTE_STREAM, FLASH));
        op(k, th, ev + "AddmmBackward0", "AddmmBackward0", b + 1, true, null, null,
                new K(o.gpu.gemmInputGrad(), 150, COMPUTE_STREAM, GEMM),
                new K(o.gpu.gemmWeightGrad(), 155, COMPUTE_STREAM, GEMM));
        op(k, th, ev + "NativeLayerNormBackward0", "NativeLayerNormBackward0", b, true, null, null,
                new K(LN_GRAD_INPUT, 30, COMPUTE_STREAM, LAYER_NORM),
                new K(LN_GRAD_GAMMA, 25, COMPUTE_STREAM, LAYER_NORM));
        op(k, th, ev + "torch::autograd::AccumulateGrad", null, -1, true, null, null);
    }

    private void backwardEmbedding(Rank k) throws IOException {
        op(k, k.bwd, "autograd::engine::evaluate_function: EmbeddingBackward0", "EmbeddingBackward0", k.headSeq,
                true, null, null, new K(EMBEDDING_BWD_KERNEL, 95, COMPUTE_STREAM, ELEMENTWISE));
    }

    /** The CPU side of a DDP bucket all-reduce; the kernel is written once all ranks have launched. */
    private Launch launchAllReduce(Rank k, Collective c) throws IOException {
        CpuThread th = k.bwd;
        SeededRandom rng = k.w.rng();
        long t0 = th.t;
        long ext = k.w.externalId();
        th.t += rng.jitterNs(12_000, 0.2);
        long t1 = th.t;
        long paramsExt = k.w.externalId();
        th.t += rng.jitterNs(6_000, 0.2);
        k.w.api(th, "cudaEventRecord", "cuda_runtime", paramsExt, 3, false);
        k.w.api(th, "cudaStreamWaitEvent", "cuda_runtime", paramsExt, 2.5, false);
        long t2 = th.t;
        th.t += 3_000;
        Launch launch = o.legacyNccl
                ? k.w.api(th, "cudaLaunchKernel", "cuda_runtime", paramsExt, 9)
                : k.w.api(th, "cuLaunchKernelEx", "cuda_driver", paramsExt, 9);
        th.t += rng.jitterNs(4_000, 0.2);
        k.w.userAnnotation(th, "nccl:all_reduce", t2, th.t);
        th.t += 3_000;
        k.w.recordParamComms(th, t1, th.t, paramsExt, c);
        th.t += 4_000;
        k.w.cpuOp(th, "c10d::allreduce_", t0, th.t, ext, -1, null, null);
        th.t += 10_000;
        return launch;
    }

    private void optimizerAndSync(Rank k) throws IOException {
        CpuThread th = k.main;
        SeededRandom rng = k.w.rng();
        th.t = Math.max(th.t, k.bwd.t) + rng.jitterNs(25_000, 0.2);
        // DDP finalisation: the compute stream waits for the last all-reduce.
        long ext = k.w.externalId();
        k.w.api(th, "cudaStreamWaitEvent", "cuda_runtime", ext, 2.5, false);
        k.w.streamWaitUntil(COMPUTE_STREAM, k.w.streamFree(COMM_STREAM));
        th.t += 8_000;
        long optStart = th.t;
        int chunks = (o.layers + 1) / 2 + 1;
        K[] adam = new K[chunks];
        for (int i = 0; i < chunks; i++) {
            adam[i] = new K(ADAM_KERNEL, 95, COMPUTE_STREAM, ADAM);
        }
        op(k, th, "aten::_fused_adamw_", null, -1, false, null, null, adam);
        k.w.userAnnotation(th, "Optimizer.step#AdamW.step", optStart, th.t);
        th.t += 6_000;
        long zg = th.t;
        th.t += rng.jitterNs(40_000, 0.2);
        k.w.userAnnotation(th, "Optimizer.zero_grad#AdamW.zero_grad", zg, th.t);
        th.t += 10_000;
        // loss.item(): a device-to-host copy and a stream synchronisation that waits for the GPU to drain.
        long t0 = th.t;
        long itemExt = k.w.externalId();
        th.t += 5_000;
        long t1 = th.t;
        long denseExt = k.w.externalId();
        th.t += 3_000;
        Launch l = k.w.api(th, "cudaMemcpyAsync", "cuda_runtime", denseExt, 6);
        long start = k.w.earliestStart(l, COMPUTE_STREAM, 0);
        k.w.memcpy(l, "DtoH (Device -> Pinned)", COMPUTE_STREAM, start, 1_800, 4);
        long syncStart = th.t;
        long syncEnd = Math.max(syncStart + 3_000, start + 1_800 + 4_000);
        k.w.writer().complete("cuda_runtime", "cudaStreamSynchronize", k.w.pid(), th.tid, syncStart,
                syncEnd - syncStart).arg("External id", denseExt).arg("cbid", 131).arg("correlation", 0).end();
        th.t = syncEnd + 2_000;
        k.w.cpuOp(th, "aten::_local_scalar_dense", t1, th.t, denseExt, -1, new long[][]{{}}, new String[]{"float"});
        th.t += 2_000;
        k.w.cpuOp(th, "aten::item", t0, th.t, itemExt, -1, new long[][]{{}}, new String[]{"float"});
        th.t += 4_000;
    }

    private void writeExpected(Path file, Rank[] ranks, int steps, long jobStart) throws IOException {
        try (JsonGenerator g = JsonFiles.open(file)) {
            g.writeStartObject();
            g.writeStringField("generator", "training");
            g.writeStringField("description", "Data-parallel (DDP) transformer training, one Kineto trace per rank."
                    + " Times are absolute ns (baseTimeNanoseconds + ts); busy times are exact unions of GPU"
                    + " intervals within each ProfilerStep.");
            g.writeObjectFieldStart("options");
            g.writeNumberField("ranks", o.ranks);
            g.writeNumberField("steps", steps);
            g.writeNumberField("layers", o.layers);
            g.writeNumberField("bucket_layers", o.bucketLayers);
            g.writeNumberField("seed", o.seed);
            g.writeStringField("gpu", o.gpu.deviceName());
            g.writeBooleanField("legacy_nccl", o.legacyNccl);
            g.writeBooleanField("straddle_clock_bucket", o.straddleClockBucket);
            g.writeNumberField("hidden", o.hidden);
            g.writeEndObject();
            g.writeNumberField("job_start_ns", jobStart);
            g.writeObjectFieldStart("streams");
            g.writeNumberField("compute", COMPUTE_STREAM);
            g.writeNumberField("copy", COPY_STREAM);
            g.writeNumberField("communication", COMM_STREAM);
            g.writeEndObject();
            g.writeArrayFieldStart("ranks");
            for (Rank k : ranks) {
                KinetoRankWriter w = k.w;
                g.writeStartObject();
                g.writeNumberField("rank", w.rank());
                g.writeStringField("file", k.file);
                g.writeNumberField("pid", w.pid());
                g.writeNumberField("main_tid", k.main.tid);
                g.writeNumberField("autograd_tid", k.bwd.tid);
                g.writeNumberField("device", w.device());
                g.writeNumberField("base_time_ns", k.base);
                g.writeNumberField("events", w.writer().counts().total());
                g.writeNumberField("kernels", w.kernels());
                g.writeNumberField("nccl_kernels", w.commKernels());
                g.writeNumberField("memcpy", w.memcpys());
                g.writeNumberField("memset", w.memsets());
                g.writeNumberField("profiler_steps", k.steps.size());
                writeCounts(g, "events_by_category", w.writer().counts().byCategory());
                writeCounts(g, "events_by_phase_and_category", w.writer().counts().byPhaseAndCategory());
                long compute = 0;
                long comm = 0;
                long overlap = 0;
                long memory = 0;
                g.writeArrayFieldStart("steps");
                for (StepTruth s : k.steps) {
                    g.writeStartObject();
                    g.writeStringField("name", s.name());
                    g.writeNumberField("start_ns", s.start());
                    g.writeNumberField("end_ns", s.end());
                    g.writeNumberField("gpu_compute_busy_ns", s.compute());
                    g.writeNumberField("gpu_comm_busy_ns", s.comm());
                    g.writeNumberField("comm_compute_overlap_ns", s.overlap());
                    g.writeNumberField("gpu_memory_busy_ns", s.memory());
                    g.writeEndObject();
                    compute += s.compute();
                    comm += s.comm();
                    overlap += s.overlap();
                    memory += s.memory();
                }
                g.writeEndArray();
                g.writeNumberField("gpu_compute_busy_ns", compute);
                g.writeNumberField("gpu_comm_busy_ns", comm);
                g.writeNumberField("comm_compute_overlap_ns", overlap);
                g.writeNumberField("gpu_memory_busy_ns", memory);
                JsonFiles.fixed(g, "comm_overlap_percent", comm == 0 ? 0 : 100.0 * overlap / comm, 3);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** The GPU the options name (for callers that print a summary). */
    public GpuSpec gpu() {
        return o.gpu;
    }
}
