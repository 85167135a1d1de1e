package dev.parallax.model.longcontext;

import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.collective.CollectiveCost;
import dev.parallax.model.collective.CollectiveOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Long-context serving cost after Yao Fu, "Challenges in Deploying Long-Context Transformers: A Theoretical Peak
 * Performance Analysis" (2024, arXiv 2405.08944), §2–3:
 * <ul>
 *   <li>KV bytes per token = 2 · L · n_kv · d_h · bytes (MLA: L · (kv_lora_rank + rope dim) · bytes);</li>
 *   <li>concurrency = ⌊(HBM − weights − reserved) / KV(T)⌋;</li>
 *   <li>prefill FLOPs = 2 · N · T + 4 · L · d_attn · T² · causal (the two attention matmuls, 2 FLOPs per
 *       multiply-add); time = FLOPs / (n · peak · efficiency);</li>
 *   <li>decode step = (weights + B · KV(T)) / (n · HBM bandwidth · efficiency), weights read once per step
 *       (the compute time of the step is taken instead when it is larger, as at very large batches);</li>
 *   <li>context switch = KV(T) / (n · host-link bandwidth).</li>
 * </ul>
 * Tensor parallelism over n GPUs divides weights, KV heads (replicated when n exceeds n_kv), FLOPs and bytes
 * by n and adds two ring all-reduces of the activations per layer (Megatron-LM, Shoeybi et al. 2019) at the
 * GPU interconnect's per-direction bandwidth (the host link where there is none). An MLA latent (DeepSeek) is not
 * split by heads, so under tensor parallelism every GPU holds the whole KV cache.
 */
public final class LongContextModel {
    private final ModelArchitecture model;
    private final Hardware hardware;
    private final ServingAssumptions assumptions;

    public LongContextModel(ModelArchitecture model, Hardware hardware, ServingAssumptions assumptions) {
        this.model = model;
        this.hardware = hardware;
        this.assumptions = assumptions;
    }

    /** Total parameters N (or the override). */
    public double parameters() {
        return Double.isNaN(assumptions.parameterOverride()) ? model.parameterCount(true)
                : assumptions.parameterOverride();
    }

    /** Parameters used per token (MoE: active experts; scaled like the override when one is given). */
    public double activeParameters() {
        double ratio = model.activeParameterCount(true) / model.parameterCount(true);
        return parameters() * ratio;
    }

    /** Weight bytes of the whole model. */
    public double weightsBytes() {
        return parameters() * assumptions.weightDtype().bytes();
    }

    /** KV bytes of one token over all layers, as stored: with tensor parallelism beyond n_kv heads, replicas count. */
    public double kvBytesPerToken() {
        int n = assumptions.tensorParallel();
        double replication = model.mla() != null ? n : Math.max(1.0, (double) n / model.kvHeads());
        return model.layers() * model.kvElementsPerTokenPerLayer() * assumptions.kvDtype().bytes() * replication;
    }

    /** KV bytes of one sequence of {@code context} tokens. */
    public double kvBytes(long context) {
        return kvBytesPerToken() * context;
    }

    /** HBM of all tensor-parallel GPUs. */
    public double hbmBytes() {
        return hardware.hbmBytes() * assumptions.tensorParallel();
    }

    /** Sequences of {@code context} tokens whose KV fits in HBM next to the weights (capacity bound). */
    public long maxConcurrency(long context) {
        double free = hbmBytes() - weightsBytes() - assumptions.reservedBytesPerGpu() * assumptions.tensorParallel();
        if (free <= 0 || context <= 0) {
            return context <= 0 && free > 0 ? Long.MAX_VALUE : 0;
        }
        return (long) Math.floor(free / kvBytes(context));
    }

    /** FLOPs to prefill {@code batch} sequences of {@code context} tokens. */
    public double prefillFlops(long context, int batch) {
        double t = context;
        double linear = 2.0 * activeParameters() * t;
        double attention = 4.0 * model.layers() * (double) model.attentionWidth() * t * t * assumptions.causalFactor();
        return batch * (linear + attention);
    }

    /**
     * Format the matmuls run in: FP8 weights run FP8 tensor cores where the device has them (else BF16, as
     * weight-only quantisation), FP32 weights FP32, everything else (BF16/FP16, weight-only INT8/INT4
     * dequantised on the fly) BF16.
     */
    public Dtype computeDtype() {
        Dtype w = assumptions.weightDtype();
        if (w == Dtype.FP8) {
            return hardware.denseFlops().containsKey(Dtype.FP8) ? Dtype.FP8 : Dtype.BF16;
        }
        return w == Dtype.FP32 ? w : Dtype.BF16;
    }

    private double peakFlopsAll() {
        return hardware.peakFlops(computeDtype()) * assumptions.computeEfficiency() * assumptions.tensorParallel();
    }

    private double linkBandwidth() {
        double link = hardware.interconnectBandwidthPerDirection();
        return link > 0 ? link : hardware.hostLinkBandwidth();
    }

    /** Two all-reduces per layer of {@code tokens} activation rows (zero on one GPU). */
    public double tensorParallelCommunicationSeconds(double tokens) {
        int n = assumptions.tensorParallel();
        if (n <= 1) {
            return 0;
        }
        double bytes = tokens * model.hidden() * assumptions.weightDtype().bytes();
        double one = CollectiveCost.estimate(CollectiveOp.ALL_REDUCE, n, bytes, linkBandwidth(), 0).seconds();
        return 2.0 * model.layers() * one;
    }

    /** Time to prefill {@code batch} sequences of {@code context} tokens (compute bound plus TP all-reduces). */
    public double prefillSeconds(long context, int batch) {
        return prefillFlops(context, batch) / peakFlopsAll()
                + tensorParallelCommunicationSeconds((double) context * batch);
    }

    /**
     * Weight bytes read per decode step of {@code batch} tokens: all of a dense model; for a MoE model the
     * non-expert weights plus the expected number of distinct experts the batch touches,
     * E · (1 − (1 − k/E)^B) per layer (uniform routing).
     */
    public double weightsBytesReadPerStep(int batch) {
        if (model.moe() == null) {
            return weightsBytes();
        }
        var moe = model.moe();
        double expert = model.mlpParameters(moe.expertIntermediate());
        double routedAll = (double) model.moeLayers() * moe.experts() * expert;
        double touched = moe.experts() * (1 - Math.pow(1 - (double) moe.expertsPerToken() / moe.experts(), batch));
        double routedRead = (double) model.moeLayers() * touched * expert;
        double scale = parameters() / model.parameterCount(true);
        return (model.parameterCount(true) - routedAll + routedRead) * scale * assumptions.weightDtype().bytes();
    }

    /** Bytes read from HBM in one decode step: weights once, the KV cache of every sequence. */
    public double decodeBytesPerStep(long context, int batch) {
        return weightsBytesReadPerStep(batch) + batch * kvBytes(context);
    }

    /**
     * Time of one decode step for {@code batch} sequences at {@code context} tokens: the larger of the HBM time
     * and the compute time, plus the tensor-parallel all-reduces.
     */
    public double decodeSecondsPerToken(long context, int batch) {
        double bw = hardware.hbmBandwidth() * assumptions.bandwidthEfficiency() * assumptions.tensorParallel();
        double memory = decodeBytesPerStep(context, batch) / bw;
        double flops = batch * (2.0 * activeParameters() + 4.0 * model.layers() * (double) model.attentionWidth() * context);
        double compute = flops / peakFlopsAll();
        return Math.max(memory, compute) + tensorParallelCommunicationSeconds(batch);
    }

    /** Time to move one sequence's KV cache between HBM and host memory, each GPU over its own host link. */
    public double contextSwitchSeconds(long context) {
        return kvBytes(context) / (hardware.hostLinkBandwidth() * assumptions.tensorParallel());
    }

    /** All four bounds at one context length. */
    public LongContextCost at(long context, int batch) {
        if (context < 0 || batch < 1) {
            throw new IllegalArgumentException("context must be ≥ 0 and batch ≥ 1");
        }
        double decode = decodeSecondsPerToken(context, batch);
        return new LongContextCost(context, batch, kvBytesPerToken(), kvBytes(context), weightsBytes(), hbmBytes(),
                maxConcurrency(context), prefillFlops(context, batch), prefillSeconds(context, batch),
                decodeBytesPerStep(context, batch), decode, batch / decode, contextSwitchSeconds(context),
                tensorParallelCommunicationSeconds(batch));
    }

    /** The bounds at each context length, for plotting against T. */
    public List<LongContextCost> sweep(long[] contexts, int batch) {
        List<LongContextCost> out = new ArrayList<>(contexts.length);
        for (long t : contexts) {
            out.add(at(t, batch));
        }
        return out;
    }

    /** Context lengths spaced evenly on a log scale from {@code from} to {@code to} (both included). */
    public static long[] logSpacedContexts(long from, long to, int points) {
        long[] out = new long[points];
        double a = Math.log(from);
        double b = Math.log(to);
        for (int i = 0; i < points; i++) {
            out[i] = Math.round(Math.exp(a + (b - a) * i / Math.max(1, points - 1)));
        }
        return out;
    }
}
