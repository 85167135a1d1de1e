package dev.parallax.model.roofline;

import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.MlaConfig;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.catalog.MoeConfig;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-operator roofline of a decoder-only transformer's inference step, in the manner of LLM-Viewer (Yuan et al.
 * 2024, "LLM Inference Unveiled: Survey and Roofline Model Insights", arXiv 2402.16363, §3): every linear layer
 * costs 2·M·in·out FLOPs and moves its weights plus its input and output activations; attention is one fused
 * (FlashAttention-style) operator reading Q, K, V and writing O; norms and the MLP activation are element-wise.
 * M is B·T tokens in prefill and B in decode. The LM head runs on the last token of each sequence (serving).
 * Assumptions come from {@link ServingAssumptions} (dtypes, causal factor, achievable fraction of peak,
 * tensor parallelism: roofs are multiplied by n, communication is not part of the roofline).
 */
public final class RooflineModel {
    private final ModelArchitecture model;
    private final Hardware hardware;
    private final ServingAssumptions assumptions;

    public RooflineModel(ModelArchitecture model, Hardware hardware, ServingAssumptions assumptions) {
        this.model = model;
        this.hardware = hardware;
        this.assumptions = assumptions;
    }

    /** Roofline of one step of {@code phase} for {@code batch} sequences at {@code context} tokens. */
    public RooflineReport analyze(Phase phase, int batch, long context) {
        if (batch < 1 || context < 1) {
            throw new IllegalArgumentException("batch and context must be at least 1");
        }
        int n = assumptions.tensorParallel();
        double peak = hardware.peakFlops(new LongContextModel(model, hardware, assumptions).computeDtype())
                * assumptions.computeEfficiency() * n;
        double bw = hardware.hbmBandwidth() * assumptions.bandwidthEfficiency() * n;
        Builder b = new Builder(phase, peak, bw);
        double m = phase == Phase.PREFILL ? (double) batch * context : batch;
        double wb = assumptions.weightDtype().bytes();
        double ab = 2.0; // activations in 16-bit
        double kvb = assumptions.kvDtype().bytes();
        int d = model.hidden();
        int layers = model.layers();

        // attention projections
        MlaConfig mla = model.mla();
        if (mla != null) {
            int qk = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
            if (mla.qLoraRank() > 0) {
                b.linear("q_a_proj", layers, m, d, mla.qLoraRank(), wb, ab);
                b.linear("q_b_proj", layers, m, mla.qLoraRank(), (double) model.heads() * qk, wb, ab);
            } else {
                b.linear("q_proj", layers, m, d, (double) model.heads() * qk, wb, ab);
            }
            b.linear("kv_a_proj", layers, m, d, mla.kvLoraRank() + mla.qkRopeHeadDim(), wb, ab);
            b.linear("kv_b_proj", layers, phase == Phase.PREFILL ? m : (double) batch * context, mla.kvLoraRank(),
                    (double) model.heads() * (mla.qkNopeHeadDim() + mla.vHeadDim()), wb, ab);
        } else {
            b.linear("q_proj", layers, m, d, (double) model.heads() * model.headDim(), wb, ab);
            b.linear("k_proj", layers, m, d, (double) model.kvHeads() * model.headDim(), wb, ab);
            b.linear("v_proj", layers, m, d, (double) model.kvHeads() * model.headDim(), wb, ab);
        }
        // fused attention
        double qDim = (double) model.heads() * model.headDim();
        double oDim = model.attentionWidth();
        double kvPerToken = model.kvElementsPerTokenPerLayer() * kvb;
        double attnFlops;
        double attnBytes;
        if (phase == Phase.PREFILL) {
            attnFlops = 4.0 * batch * context * (double) context * qDim * assumptions.causalFactor();
            attnBytes = m * qDim * ab + batch * (double) context * kvPerToken + m * oDim * ab;
        } else {
            attnFlops = 4.0 * batch * (double) context * qDim;
            attnBytes = m * qDim * ab + batch * (double) context * kvPerToken + batch * kvPerToken + m * oDim * ab;
        }
        b.op("attention", layers, attnFlops, attnBytes);
        b.linear("o_proj", layers, m, oDim, d, wb, ab);
        b.op("input_norm", layers, 4.0 * m * d, 2.0 * m * d * ab + d * wb);
        b.op("post_attention_norm", layers, 4.0 * m * d, 2.0 * m * d * ab + d * wb);

        // FFN
        MoeConfig moe = model.moe();
        int denseLayers = layers - model.moeLayers();
        if (denseLayers > 0) {
            mlp(b, "", denseLayers, m, model.intermediate(), wb, ab);
        }
        if (moe != null && model.moeLayers() > 0) {
            int ml = model.moeLayers();
            b.linear("router", ml, m, d, moe.experts(), wb, ab);
            double expertParams = model.mlpParameters(moe.expertIntermediate());
            double touched = moe.experts() * (1 - Math.pow(1 - (double) moe.expertsPerToken() / moe.experts(), m));
            double flops = 2.0 * m * moe.expertsPerToken() * expertParams;
            double acts = m * moe.expertsPerToken() * (2.0 * d + (model.gatedMlp() ? 3.0 : 1.0) * moe.expertIntermediate()) * ab;
            b.op("experts", ml, flops, touched * expertParams * wb + acts);
            if (moe.sharedExperts() > 0) {
                mlp(b, "shared_", ml, m, moe.sharedExperts() * moe.expertIntermediate(), wb, ab);
            }
        }
        b.op("final_norm", 1, 4.0 * m * d, 2.0 * m * d * ab + d * wb);
        b.linear("lm_head", 1, batch, d, model.vocab(), wb, ab);
        return new RooflineReport(phase, batch, context, peak, bw, b.ops);
    }

    private void mlp(Builder b, String prefix, int layers, double m, double width, double wb, double ab) {
        int d = model.hidden();
        if (model.gatedMlp()) {
            b.linear(prefix + "gate_proj", layers, m, d, width, wb, ab);
            b.linear(prefix + "up_proj", layers, m, d, width, wb, ab);
            b.op(prefix + "act_mul", layers, 5.0 * m * width, 3.0 * m * width * ab);
            b.linear(prefix + "down_proj", layers, m, width, d, wb, ab);
        } else {
            b.linear(prefix + "fc1", layers, m, d, width, wb, ab);
            b.op(prefix + "gelu", layers, 8.0 * m * width, 2.0 * m * width * ab);
            b.linear(prefix + "fc2", layers, m, width, d, wb, ab);
        }
    }

    /** Both phases' reports, for a plot that shows the operators of prefill and decode together. */
    public List<RooflineReport> bothPhases(int batch, long context) {
        return List.of(analyze(Phase.PREFILL, batch, context), analyze(Phase.DECODE, batch, context));
    }

    private static final class Builder {
        final Phase phase;
        final double peak;
        final double bw;
        final List<OperatorCost> ops = new ArrayList<>();

        Builder(Phase phase, double peak, double bw) {
            this.phase = phase;
            this.peak = peak;
            this.bw = bw;
        }

        /** A linear layer: 2·M·in·out FLOPs; weights in·out, input M·in and output M·out activations. */
        void linear(String name, int occurrences, double m, double in, double out, double wb, double ab) {
            op(name, occurrences, 2.0 * m * in * out, in * out * wb + m * in * ab + m * out * ab);
        }

        void op(String name, int occurrences, double flopsEach, double bytesEach) {
            double f = flopsEach * occurrences;
            double by = bytesEach * occurrences;
            ops.add(new OperatorCost(name, phase, occurrences, f, by, f / peak, by / bw));
        }
    }
}
