package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.OpCategory;
import dev.parallax.analysis.roofline.OpShapes;
import dev.parallax.analysis.roofline.TensorTypes;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.ModelArchitecture;

import java.util.HashMap;
import java.util.Map;

/**
 * A decoder's architecture read back from the shapes of one traced step: heads, KV heads and head dim from its
 * attention calls, layers = attention calls per step, hidden size = the most common GEMM reduction dimension K,
 * FFN width = the K of the GEMMs that project back to the hidden size, vocabulary = the widest GEMM output from
 * the hidden size (the LM head), and the weights = every GEMM weight and embedding table the step reads.
 *
 * @param architecture  the architecture (vocabulary 1 when the step has no LM head)
 * @param weightElements weight elements read by one step (GEMM weights and embedding tables)
 * @param weightDtype    element type of the GEMM weights
 * @param kvDtype        element type of the attention keys and values
 */
public record ModelFromShapes(ModelArchitecture architecture, double weightElements, Dtype weightDtype,
                              Dtype kvDtype) {

    /** The architecture of {@code step}'s model, or null when it has no attention call with readable shapes. */
    public static ModelFromShapes of(InferenceStep step, long maxContext) {
        AttentionGeometry g = null;
        int layers = 0;
        Map<Long, Integer> kCount = new HashMap<>();
        double weights = 0;
        Dtype weightDtype = null;
        for (ScaledOp o : step.ops()) {
            if (o.attention() != null) {
                g = g == null ? o.attention() : g;
                layers++;
            }
            OpShapes s = o.op().shapes();
            if (s == null) {
                continue;
            }
            if (o.measuredWork() != null && o.measuredWork().category() == OpCategory.GEMM) {
                long[] w = weight(s);
                if (w != null) {
                    kCount.merge(w[1], 1, Integer::sum);
                    weights += (double) w[0] * w[1];
                    if (weightDtype == null) {
                        weightDtype = dtype(s.input(weightIndex(s)).type());
                    }
                }
            } else if (s.name().endsWith("::embedding") && s.input(0) != null && s.input(0).isTensor()) {
                weights += s.input(0).elements();
            }
        }
        if (g == null) {
            return null;
        }
        long hidden = kCount.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(g.qHeads() * g.headDim());
        long ffn = 0;
        long vocab = 1;
        int ffnCount = 0;
        for (ScaledOp o : step.ops()) {
            OpShapes s = o.op().shapes();
            if (s == null || o.measuredWork() == null || o.measuredWork().category() != OpCategory.GEMM) {
                continue;
            }
            long[] w = weight(s);
            if (w == null) {
                continue;
            }
            if (w[0] == hidden && w[1] != hidden && w[1] != g.qHeads() * g.headDim()) {
                ffn = w[1];
            }
            if (w[1] == hidden && w[0] > 4 * hidden) {
                vocab = Math.max(vocab, w[0]);
            }
        }
        for (ScaledOp o : step.ops()) {
            OpShapes s = o.op().shapes();
            long[] w = s == null || o.measuredWork() == null || o.measuredWork().category() != OpCategory.GEMM
                    ? null : weight(s);
            if (w != null && w[1] == hidden && (w[0] == ffn || w[0] == 2 * ffn)) {
                ffnCount += w[0] == 2 * ffn ? 2 : 1;
            }
        }
        boolean gated = ffn > 0 && ffnCount >= 2 * Math.max(1, layers);
        ModelArchitecture arch = new ModelArchitecture("from-trace", "model read from the trace's shapes",
                Math.max(1, layers), (int) hidden, (int) g.qHeads(), (int) g.kvHeads(), (int) g.headDim(),
                (int) Math.max(1, ffn), (int) vocab, (int) Math.min(Integer.MAX_VALUE, maxContext), gated, false,
                false, 0, false, null, null, "inferred from operator shapes");
        Dtype kv = dtype(g.type());
        return new ModelFromShapes(arch, weights, weightDtype == null ? Dtype.BF16 : weightDtype,
                kv == null ? Dtype.BF16 : kv);
    }

    /** Index of the weight argument of a GEMM: {@code linear(x, W[N,K])} 1, {@code addmm(bias, A, B)} 2, else 1. */
    private static int weightIndex(OpShapes s) {
        return s.name().equals("aten::addmm") || s.name().equals("aten::baddbmm") ? 2 : 1;
    }

    /** {N, K} of a GEMM's 2-d weight ({@code [N,K]} for linear-like ops, {@code [K,N]} for mm), or null. */
    private static long[] weight(OpShapes s) {
        OpShapes.Input w = s.input(weightIndex(s));
        if (w == null || !w.isTensor() || w.dims().length != 2) {
            return null;
        }
        long[] d = w.dims();
        boolean linear = s.name().endsWith("linear") || s.name().contains("gemm");
        return linear ? new long[]{d[0], d[1]} : new long[]{d[1], d[0]};
    }

    /** The catalog dtype of a profiler type name; null when it has none. */
    static Dtype dtype(String type) {
        try {
            return TensorTypes.dtype(type);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
