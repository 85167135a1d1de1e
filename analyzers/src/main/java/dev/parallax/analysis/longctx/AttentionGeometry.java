package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.OpShapes;
import dev.parallax.analysis.roofline.TensorTypes;

import java.util.List;
import java.util.Locale;

/**
 * The geometry of one attention call, read from its recorded shapes in any of the layouts inference engines use,
 * and rewritten as the canonical {@code aten::scaled_dot_product_attention(Q[B,H_q,N_q,d], K/V[B,H_kv,N_kv,d],
 * is_causal)} so that its work at another context length comes from the same formula as the measured call.
 *
 * <p>Layouts: {@code aten::} SDPA ops {@code [B,H,N,d]}; other 4-d calls ({@code aten::_flash_attention_forward},
 * {@code aten::_efficient_attention_forward}, flash-attn, engine kernels) {@code [B,N,H,d]}; packed variable-length {@code [tokens,H,d]}
 * with the sequence count from a {@code cu_seqlens} argument (a 1-d integer tensor of B+1 offsets), equal
 * lengths assumed; a packed KV pool ({@code [slots,H_kv,d]} much larger than the tokens) is read as N_kv = N_q.
 *
 * @param batch  B, sequences
 * @param qHeads H_q
 * @param kvHeads H_kv
 * @param nq     query tokens per sequence
 * @param nkv    key/value tokens per sequence
 * @param headDim d (query/key; values use the same)
 * @param causal whether the call masks the upper triangle
 * @param type   element type of Q, K and V as recorded ({@code c10::BFloat16})
 */
public record AttentionGeometry(long batch, long qHeads, long kvHeads, long nq, long nkv, long headDim,
                                boolean causal, String type) {

    /** Whether {@code name} is an attention operator (SDPA, flash, MHA, paged/varlen attention). */
    public static boolean isAttention(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("backward") || n.contains("rotary") || n.contains("_rope")) {
            return false;
        }
        return n.contains("attention") || n.contains("attn") || n.contains("mha") || n.contains("flash_fwd")
                || n.contains("sdpa");
    }

    /** The geometry of {@code op}, or null when its shapes fit no known layout. */
    public static AttentionGeometry of(OpShapes op) {
        if (op == null) {
            return null;
        }
        List<OpShapes.Input> in = op.inputs();
        int first = -1;
        for (int i = 0; i < in.size(); i++) {
            OpShapes.Input x = in.get(i);
            if (x.isTensor() && TensorTypes.isTensorType(x.type()) && floating(x.type())
                    && (x.dims().length == 3 || x.dims().length == 4)) {
                first = i;
                break;
            }
        }
        if (first < 0 || first + 2 >= in.size()) {
            return null;
        }
        OpShapes.Input q = in.get(first);
        OpShapes.Input k = in.get(first + 1);
        OpShapes.Input v = in.get(first + 2);
        if (!k.isTensor() || !v.isTensor() || k.dims().length != q.dims().length) {
            return null;
        }
        long[] dq = q.dims();
        long[] dk = k.dims();
        boolean causal = causalFlag(op);
        if (dq.length == 4) {
            // PyTorch's SDPA family is [B,H,N,d]; its inner flash/efficient forward ops, flash-attn and engine
            // kernels are [B,N,H,d]
            String opName = op.name();
            boolean bhnd = opName.startsWith("aten::") && !opName.contains("_flash_attention_forward")
                    && !opName.contains("_efficient_attention_forward");
            long h = bhnd ? dq[1] : dq[2];
            long n = bhnd ? dq[2] : dq[1];
            long hk = bhnd ? dk[1] : dk[2];
            long nk = bhnd ? dk[2] : dk[1];
            if (h <= 0 || hk <= 0 || h % hk != 0) {
                return null;
            }
            return new AttentionGeometry(dq[0], h, hk, n, nk, dq[3], causal, q.type());
        }
        // packed [tokens, H, d]: sequences from a cu_seqlens-like argument
        long seqs = 1;
        for (int i = first + 3; i < in.size(); i++) {
            OpShapes.Input x = in.get(i);
            if (x.isTensor() && x.dims().length == 1 && !floating(x.type()) && x.dims()[0] >= 2) {
                seqs = x.dims()[0] - 1;
                break;
            }
        }
        long tokens = dq[0];
        long nq = Math.max(1, tokens / seqs);
        long nkv = dk[0] > 2 * tokens ? nq : Math.max(1, dk[0] / seqs);
        if (dq[1] <= 0 || dk[1] <= 0 || dq[1] % dk[1] != 0) {
            return null;
        }
        return new AttentionGeometry(seqs, dq[1], dk[1], nq, Math.max(nq, nkv), dq[2], causal || nq > 1, q.type());
    }

    private static boolean floating(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.contains("float") || t.contains("half") || t.contains("bfloat") || t.contains("double");
    }

    /** Causal from a recorded {@code is_causal}-like scalar: SDPA's index 5, else any "True" scalar argument. */
    private static boolean causalFlag(OpShapes op) {
        if (op.name().equals("aten::scaled_dot_product_attention")) {
            return "true".equalsIgnoreCase(op.concrete(5));
        }
        for (int i = 0; i < op.inputs().size(); i++) {
            if ("true".equalsIgnoreCase(op.concrete(i))) {
                return true;
            }
        }
        return false;
    }

    /** The same call at {@code nq} query and {@code nkv} key/value tokens per sequence. */
    public AttentionGeometry at(long newNq, long newNkv) {
        return new AttentionGeometry(batch, qHeads, kvHeads, newNq, newNkv, headDim, causal, type);
    }

    /** As the canonical SDPA call, for the work model. */
    public OpShapes canonical() {
        long[] none = new long[0];
        return new OpShapes("aten::scaled_dot_product_attention", List.of(
                tensor(new long[]{batch, qHeads, nq, headDim}),
                tensor(new long[]{batch, kvHeads, nkv, headDim}),
                tensor(new long[]{batch, kvHeads, nkv, headDim}),
                new OpShapes.Input(List.of(none), "", ""),
                new OpShapes.Input(List.of(none), "Scalar", "0."),
                new OpShapes.Input(List.of(none), "Scalar", causal ? "True" : "False"),
                new OpShapes.Input(List.of(none), "", ""),
                new OpShapes.Input(List.of(none), "Scalar", "True")));
    }

    private OpShapes.Input tensor(long[] dims) {
        return new OpShapes.Input(List.of(dims), type, "");
    }
}
