package dev.parallax.analysis.roofline;

import dev.parallax.model.catalog.Dtype;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FLOPs and bytes of an operator from its recorded input shapes. The formulas follow TraceLens's performance
 * model (AMD, {@code TraceLens/PerfModel/perf_model.py}) so that its published per-category tables can be compared:
 * <ul>
 *   <li>GEMM {@code C[M,N] = A[M,K]·B[K,N]}, batch b: FLOPs = 2·b·M·N·K (+ b·M·N for a bias); bytes = A + B + C
 *       (+ bias) at each tensor's element size. {@code linear(x[...,K], W[N,K])}: M = product of x's leading
 *       dims.</li>
 *   <li>Attention (Dao et al., "FlashAttention", NeurIPS 2022, §3.1 and appendix B): FLOPs =
 *       2·B·H_q·N_q·N_kv·d_qk + 2·B·H_q·N_q·N_kv·d_v; causal masking keeps half of the score matrix when
 *       N_q = N_kv (×0.5) and N_q·N_kv − N_q·(N_q−1)/2 pairs (bottom-right aligned) otherwise; backward = 2.5 ×
 *       forward FLOPs (two matmuls forward, five backward). Grouped-query attention: K and V have H_kv heads.
 *       Bytes = Q + K + V + O (backward: Q, K, V, O, dO read and dQ, dK, dV written).</li>
 *   <li>Convolution: FLOPs = 2·N·C_out·∏(output spatial)·(C_in/groups)·∏(kernel); bytes = input + weight + output.</li>
 *   <li>Layer norm 7, RMS norm 4, softmax 5 FLOPs per element; bytes = input + output + parameters.</li>
 *   <li>Elementwise: FLOPs = output elements (broadcast shape); bytes = every input at its own size (a broadcast
 *       operand is not re-read) + output. Reductions: FLOPs = input elements. Copies: bytes = source + destination.</li>
 * </ul>
 * Ops whose inputs include their outputs (custom kernels such as {@code aiter::rmsnorm(out, in, w, eps)}) count
 * every listed tensor once. {@link #estimate} returns null for an op with no formula or shapes it cannot read.
 */
public final class WorkModel {
    /** FLOPs of an attention backward pass relative to its forward pass. */
    public static final double BACKWARD_FACTOR = 2.5;

    private static final Set<String> UNARY = Set.of("relu", "gelu", "silu", "sigmoid", "tanh", "exp", "log", "neg",
            "rsqrt", "sqrt", "abs", "reciprocal", "sin", "cos", "erf", "clamp", "clamp_min", "clamp_max", "hardtanh",
            "leaky_relu", "elu", "mish", "softplus", "log2", "exp2", "log1p", "expm1", "sign", "round", "floor", "ceil",
            "nan_to_num", "logical_not", "bitwise_not", "pow", "square", "hardswish", "hardsigmoid", "gelu_tanh",
            "silu_and_mul", "gelu_and_mul", "gelu_tanh_and_mul", "logit", "sgn", "trunc", "frac", "erfinv");
    private static final Set<String> BINARY = Set.of("add", "sub", "mul", "div", "rsub", "maximum", "minimum", "eq",
            "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "where", "addcmul", "addcdiv",
            "lerp", "threshold_backward", "sigmoid_backward", "tanh_backward", "gelu_backward", "silu_backward",
            "masked_fill", "fmod", "remainder", "copysign", "hypot", "atan2", "bitwise_and", "bitwise_or",
            "bitwise_xor", "logit_backward", "hardtanh_backward", "leaky_relu_backward", "mul_scalar", "true_divide",
            "floor_divide", "xlogy", "heaviside");
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "lt", "le", "gt", "ge", "logical_and",
            "logical_or", "logical_xor", "logical_not");
    private static final Set<String> REDUCTIONS = Set.of("sum", "mean", "amax", "amin", "max", "min", "argmax",
            "argmin", "norm", "linalg_vector_norm", "var", "std", "var_mean", "std_mean", "logsumexp", "cumsum",
            "prod", "all", "any", "topk", "sort", "cumprod");
    /** Custom ops whose tensor arguments include their outputs. */
    private static final Set<String> OUT_ARGUMENTS = Set.of("aiter::rmsnorm", "aiter::add_rmsnorm",
            "sgl_kernel::silu_and_mul", "sgl_kernel::gelu_and_mul", "_C::silu_and_mul", "_C::rms_norm",
            "_C::fused_add_rms_norm", "vllm::silu_and_mul", "sgl_kernel::rmsnorm", "sgl_kernel::fused_add_rmsnorm");

    /** The work of {@code op}, or null when no formula covers it (or its shapes do not fit the formula). */
    public OpWork estimate(OpShapes op) {
        try {
            return estimateOrThrow(op);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private OpWork estimateOrThrow(OpShapes op) {
        String name = op.name();
        switch (name) {
            case "aten::mm":
            case "aten::bmm":
                return gemm(op, 0, 1, -1, null);
            case "aten::addmm":
            case "aten::baddbmm":
                return gemm(op, 1, 2, 0, null);
            case "aten::matmul":
                return gemm(op, 0, 1, -1, null);
            case "aten::linear":
            case "vllm::rocm_unquantized_gemm":
            case "aiter::gemm_a16w16":
                return linear(op);
            case "aten::_scaled_mm":
                return gemm(op, 0, 1, 4, TensorTypes.fromScalarTypeCode(op.concrete(6)));
            case "aten::_grouped_mm":
            case "aten::_scaled_grouped_mm":
                return groupedGemm(op);
            case "aten::scaled_dot_product_attention":
                return attention(op, 0, 1, 2, 5, false, false);
            case "aten::_scaled_dot_product_flash_attention":
                return attention(op, 0, 1, 2, 4, false, false);
            case "aten::_scaled_dot_product_efficient_attention":
            case "aten::_scaled_dot_product_cudnn_attention":
                return attention(op, 0, 1, 2, 6, false, false);
            case "aten::_scaled_dot_product_flash_attention_backward":
            case "aten::_scaled_dot_product_efficient_attention_backward":
                return attention(op, 1, 2, 3, 11, false, true);
            case "aten::_scaled_dot_product_cudnn_attention_backward":
                return attention(op, 1, 2, 3, 14, false, true);
            case "aten::_flash_attention_forward":
                return attention(op, 0, 1, 2, 8, true, false);
            case "aten::_flash_attention_backward":
                return attention(op, 1, 2, 3, 11, true, true);
            case "aten::_efficient_attention_forward":
                return attention(op, 0, 1, 2, 9, true, false);
            case "flash_attn::_flash_attn_forward":
                return attention(op, 0, 1, 2, 5, true, false);
            case "flash_attn::_flash_attn_varlen_forward":
                return attention(op, 0, 1, 2, 9, true, false);
            case "flash_attn::_flash_attn_backward":
                return attention(op, 1, 2, 3, 11, true, true);
            case "flash_attn::_flash_attn_varlen_backward":
                return attention(op, 1, 2, 3, 15, true, true);
            case "aiter::mha_batch_prefill":
                return pagedPrefill(op, 3, 5, 12);
            case "aten::convolution":
            case "aten::_convolution":
                return conv(op, 8, "1".equals(op.concrete(6)) || "True".equalsIgnoreCase(op.concrete(6)));
            case "aten::conv1d":
            case "aten::conv2d":
            case "aten::conv3d":
                return conv(op, 6, false);
            case "aten::layer_norm":
            case "aten::native_layer_norm":
            case "aten::group_norm":
            case "aten::native_group_norm":
            case "aten::batch_norm":
            case "aten::native_batch_norm":
            case "aten::_native_batch_norm_legit":
            case "aten::cudnn_batch_norm":
            case "aten::miopen_batch_norm":
                return norm(op, 7);
            case "aten::native_layer_norm_backward":
                return normBackward(op);
            case "aten::rms_norm":
            case "aten::_fused_rms_norm":
            case "fb::rms_norm":
                return norm(op, 4);
            case "aten::_softmax":
            case "aten::softmax":
            case "aten::_log_softmax":
            case "aten::log_softmax":
            case "aten::_safe_softmax":
                return unaryLike(op, OpCategory.SOFTMAX, 5);
            case "aten::_softmax_backward_data":
            case "aten::_log_softmax_backward_data":
                return elementwise(op, OpCategory.SOFTMAX, 3, false);
            case "aten::copy_":
                return copy(op);
            case "aten::clone":
            case "aten::contiguous":
                return unaryLike(op, OpCategory.COPY, 0);
            case "aten::_to_copy":
                return toCopy(op);
            case "aten::cat":
            case "aten::stack":
                return concat(op);
            case "aten::fill_":
            case "aten::zero_":
                return fill(op);
            case "aten::embedding":
                return embedding(op);
            default:
                break;
        }
        if (OUT_ARGUMENTS.contains(name)) {
            return outArguments(op);
        }
        String base = baseName(name);
        if (base == null) {
            return null;
        }
        if (UNARY.contains(base) || BINARY.contains(base)) {
            return elementwise(op, OpCategory.ELEMENTWISE, 1, COMPARISONS.contains(base));
        }
        if (REDUCTIONS.contains(base)) {
            return reduction(op, base.startsWith("cum"));
        }
        return null;
    }

    /** {@code aten::add_} → {@code add}; null for other namespaces. */
    private static String baseName(String name) {
        if (!name.startsWith("aten::")) {
            return null;
        }
        String b = name.substring(6);
        if (b.endsWith("_") && !b.endsWith("__")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    // ---- GEMM ----

    private static OpWork gemm(OpShapes op, int a, int b, int bias, String outType) {
        OpShapes.Input ia = tensor(op, a);
        OpShapes.Input ib = tensor(op, b);
        long[] da = ia.dims();
        long[] db = ib.dims();
        long m;
        long k;
        long n;
        long batch;
        if (da.length == 1) {
            m = 1;
            k = da[0];
        } else {
            m = da[da.length - 2];
            k = da[da.length - 1];
        }
        if (db.length == 1) {
            n = 1;
            require(db[0] == k, "K");
        } else {
            require(db[db.length - 2] == k, "K");
            n = db[db.length - 1];
        }
        long[] lead = broadcast(List.of(leading(da, 2), leading(db, 2)));
        batch = OpShapes.elements(lead);
        if (db.length == 2 && da.length > 2) {
            // x[..., M, K] · W[K, N]: the leading dims fold into M
            m *= batch;
            batch = 1;
        }
        double outBytes = outType != null ? TensorTypes.bytes(outType) : TensorTypes.bytes(ia.type());
        OpShapes.Input ibias = bias >= 0 ? op.input(bias) : null;
        boolean hasBias = ibias != null && ibias.isTensor();
        double flops = 2.0 * batch * m * n * k + (hasBias ? (double) batch * m * n : 0);
        double bytes = ia.bytes(0) + ib.bytes(0) + (double) batch * m * n * outBytes + (hasBias ? ibias.bytes(0) : 0);
        String params = (batch > 1 ? "B=" + batch + " " : "") + "M=" + m + " N=" + n + " K=" + k;
        return new OpWork(OpCategory.GEMM, flops, bytes, TensorTypes.dtype(ia.type()), true, params);
    }

    private static OpWork linear(OpShapes op) {
        OpShapes.Input x = tensor(op, 0);
        OpShapes.Input w = tensor(op, 1);
        long[] dx = x.dims();
        long[] dw = w.dims();
        require(dw.length == 2 && dx.length >= 1 && dx[dx.length - 1] == dw[1], "linear shapes");
        long k = dw[1];
        long n = dw[0];
        long m = OpShapes.elements(leading(dx, 1));
        OpShapes.Input ibias = op.input(2);
        boolean hasBias = ibias != null && ibias.isTensor();
        double flops = 2.0 * m * n * k + (hasBias ? (double) m * n : 0);
        double bytes = x.bytes(0) + w.bytes(0) + (double) m * n * TensorTypes.bytes(x.type())
                + (hasBias ? ibias.bytes(0) : 0);
        return new OpWork(OpCategory.GEMM, flops, bytes, TensorTypes.dtype(x.type()), true,
                "M=" + m + " N=" + n + " K=" + k);
    }

    /** {@code _grouped_mm(A[T,K], B[G,K,N], offs)}: each of the T rows meets one group's weights. */
    private static OpWork groupedGemm(OpShapes op) {
        OpShapes.Input ia = tensor(op, 0);
        OpShapes.Input ib = tensor(op, 1);
        long[] da = ia.dims();
        long[] db = ib.dims();
        if (da.length == 3 && db.length == 3) {
            return gemm(op, 0, 1, -1, null);
        }
        require(da.length == 2 && db.length == 3 && da[1] == db[1], "grouped GEMM shapes");
        long t = da[0];
        long k = da[1];
        long n = db[2];
        double flops = 2.0 * t * n * k;
        double bytes = ia.bytes(0) + ib.bytes(0) + (double) t * n * 2;
        return new OpWork(OpCategory.GEMM, flops, bytes, TensorTypes.dtype(ia.type()), true,
                "G=" + db[0] + " T=" + t + " N=" + n + " K=" + k);
    }

    // ---- attention ----

    /**
     * Attention from q, k, v at argument indices; {@code bnhd}: layout [B, N, H, d] (or [total, H, d] for variable
     * length, with the sequence count from the next argument {@code cu_seqlens_q}), else [B, H, N, d].
     */
    private static OpWork attention(OpShapes op, int qi, int ki, int vi, int causalAt, boolean bnhd, boolean backward) {
        OpShapes.Input q = tensor(op, qi);
        OpShapes.Input k = tensor(op, ki);
        OpShapes.Input v = tensor(op, vi);
        long[] dq = q.dims();
        long[] dk = k.dims();
        long[] dv = v.dims();
        long b;
        long hq;
        long nq;
        long hkv;
        long nkv;
        String note = "";
        if (dq.length == 3 && bnhd) {
            // variable length: [total, H, d]; sequences from cu_seqlens (argument after v), assumed equal
            OpShapes.Input cu = op.input(vi + 1 + (backward ? 2 : 0));
            long seqs = cu != null && cu.isTensor() ? Math.max(1, cu.elements() - 1) : 1;
            b = seqs;
            nq = Math.max(1, dq[0] / seqs);
            nkv = Math.max(1, dk[0] / seqs);
            hq = dq[1];
            hkv = dk[1];
            note = " varlen";
        } else {
            require(dq.length == 4 && dk.length == 4 && dv.length == 4, "4-d q, k, v");
            b = dq[0];
            if (bnhd) {
                nq = dq[1];
                hq = dq[2];
                nkv = dk[1];
                hkv = dk[2];
            } else {
                hq = dq[1];
                nq = dq[2];
                hkv = dk[1];
                nkv = dk[2];
            }
        }
        long dQk = dq[dq.length - 1];
        long dV = dv[dv.length - 1];
        require(hkv > 0 && hq % hkv == 0, "query heads a multiple of key/value heads");
        boolean causal = isTrue(op.concrete(causalAt))
                || (op.name().equals("aten::_efficient_attention_forward")
                && ("1".equals(op.concrete(causalAt)) || "2".equals(op.concrete(causalAt))));
        double pairs = (double) nq * nkv;
        if (causal) {
            pairs = nq == nkv ? pairs * 0.5
                    : nq < nkv ? (double) nq * nkv - (double) nq * (nq - 1) / 2 : pairs * 0.5;
        }
        double flops = 2.0 * b * hq * pairs * dQk + 2.0 * b * hq * pairs * dV;
        double bpe = TensorTypes.bytes(q.type());
        double qb = (double) b * hq * nq * dQk * bpe;
        double kb = (double) b * hkv * nkv * dQk * TensorTypes.bytes(k.type());
        double vb = (double) b * hkv * nkv * dV * TensorTypes.bytes(v.type());
        double ob = (double) b * hq * nq * dV * bpe;
        double bytes = backward ? 2 * (qb + kb + vb) + 2 * ob : qb + kb + vb + ob;
        if (backward) {
            flops *= BACKWARD_FACTOR;
        }
        String params = "B=" + b + " Hq=" + hq + (hkv != hq ? " Hkv=" + hkv : "") + " Nq=" + nq
                + (nkv != nq ? " Nkv=" + nkv : "") + " d=" + dQk + (dV != dQk ? " dv=" + dV : "")
                + (causal ? " causal" : "") + note + (backward ? " backward" : "");
        return new OpWork(OpCategory.ATTENTION, flops, bytes, TensorTypes.dtype(q.type()), true, params);
    }

    /**
     * Prefill attention over a paged KV cache ({@code q[T, H_q, d]}, caches {@code [pages, (page size,) H_kv, d]},
     * {@code cu_seqlens_q[b+1]}, the used pages' indices): b sequences of T/b query tokens, each attending to
     * (used pages × page size)/b cached tokens (equal lengths assumed); bytes = Q + the cached K and V read + O.
     */
    private static OpWork pagedPrefill(OpShapes op, int cuAt, int pagesAt, int causalAt) {
        OpShapes.Input q = tensor(op, 0);
        OpShapes.Input k = tensor(op, 1);
        OpShapes.Input v = tensor(op, 2);
        OpShapes.Input cu = tensor(op, cuAt);
        OpShapes.Input pages = tensor(op, pagesAt);
        long[] dq = q.dims();
        long[] dk = k.dims();
        require(dq.length == 3 && (dk.length == 3 || dk.length == 4), "paged q and caches");
        long b = Math.max(1, cu.elements() - 1);
        long pageSize = dk.length == 4 ? dk[1] : 1;
        long hq = dq[1];
        long d = dq[2];
        long hkv = dk[dk.length - 2];
        long dv = v.dims()[v.dims().length - 1];
        long nq = Math.max(1, dq[0] / b);
        long nkv = Math.max(1, pages.elements() * pageSize / b);
        boolean causal = isTrue(op.concrete(causalAt));
        double pairs = (double) nq * nkv;
        if (causal) {
            pairs = nq == nkv ? pairs * 0.5 : nq < nkv ? (double) nq * nkv - (double) nq * (nq - 1) / 2 : pairs * 0.5;
        }
        double flops = 2.0 * b * hq * pairs * (d + dv);
        double bpe = TensorTypes.bytes(q.type());
        double bytes = (double) b * nq * hq * d * bpe + (double) b * nkv * hkv * (d * TensorTypes.bytes(k.type())
                + dv * TensorTypes.bytes(v.type())) + (double) b * nq * hq * dv * bpe;
        return new OpWork(OpCategory.ATTENTION, flops, bytes, TensorTypes.dtype(q.type()), true,
                "B=" + b + " Hq=" + hq + (hkv != hq ? " Hkv=" + hkv : "") + " Nq=" + nq + " Nkv=" + nkv + " d=" + d
                        + (causal ? " causal" : "") + " paged");
    }

    private static boolean isTrue(String s) {
        return "True".equalsIgnoreCase(s) || "1".equals(s) || "true".equals(s);
    }

    // ---- convolution ----

    private static OpWork conv(OpShapes op, int groupsAt, boolean transposed) {
        OpShapes.Input x = tensor(op, 0);
        OpShapes.Input w = tensor(op, 1);
        long[] dx = x.dims();
        long[] dw = w.dims();
        int sp = dx.length - 2;
        require(sp >= 1 && dw.length == dx.length, "convolution shapes");
        long groups = parseLong(op.concrete(groupsAt), 1);
        long[] stride = list(op.concrete(3), sp, 1);
        long[] pad = list(op.concrete(4), sp, 0);
        long[] dil = list(op.concrete(5), sp, 1);
        long n = dx[0];
        long cin = dx[1];
        long cout = transposed ? dw[1] * groups : dw[0];
        long kernel = 1;
        long outSpatial = 1;
        long inSpatial = 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sp; i++) {
            long kk = dw[2 + i];
            kernel *= kk;
            inSpatial *= dx[2 + i];
            long o = transposed ? (dx[2 + i] - 1) * stride[i] - 2 * pad[i] + dil[i] * (kk - 1) + 1
                    : (dx[2 + i] + 2 * pad[i] - dil[i] * (kk - 1) - 1) / stride[i] + 1;
            outSpatial *= o;
            out.append(i == 0 ? "" : "x").append(o);
        }
        double flops = transposed ? 2.0 * n * cin * inSpatial * (cout / groups) * kernel
                : 2.0 * n * cout * outSpatial * (cin / groups) * kernel;
        OpShapes.Input bias = op.input(2);
        double bytes = x.bytes(0) + w.bytes(0) + (double) n * cout * outSpatial * TensorTypes.bytes(x.type())
                + (bias != null && bias.isTensor() ? bias.bytes(0) : 0);
        return new OpWork(OpCategory.CONV, flops, bytes, TensorTypes.dtype(x.type()), true,
                "N=" + n + " Cin=" + cin + " Cout=" + cout + " out=" + out + (groups > 1 ? " groups=" + groups : "")
                        + (transposed ? " transposed" : ""));
    }

    private static long[] list(String text, int n, long fallback) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, fallback);
        if (text == null) {
            return out;
        }
        String t = text.replace("[", "").replace("]", "").trim();
        if (t.isEmpty()) {
            return out;
        }
        String[] parts = t.split(",");
        for (int i = 0; i < n; i++) {
            out[i] = Long.parseLong(parts[Math.min(i, parts.length - 1)].trim());
        }
        return out;
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ---- norms, softmax, elementwise ----

    private static OpWork norm(OpShapes op, double flopsPerElement) {
        OpShapes.Input x = tensor(op, 0);
        double params = 0;
        for (int i = 1; i < op.inputs().size(); i++) {
            OpShapes.Input in = op.input(i);
            if (in.isTensor()) {
                params += in.bytes(0);
            }
        }
        double bytes = 2 * x.bytes(0) + params;
        return new OpWork(OpCategory.NORM, flopsPerElement * x.elements(), bytes, TensorTypes.dtype(x.type()), false,
                "shape=" + dims(x.dims()));
    }

    private static OpWork normBackward(OpShapes op) {
        OpShapes.Input grad = tensor(op, 0);
        double bytes = 0;
        for (OpShapes.Input in : op.tensors()) {
            bytes += in.bytes(0);
        }
        OpShapes.Input w = op.input(5);
        OpShapes.Input b = op.input(6);
        // gradients written: input, weight, bias
        bytes += grad.bytes(0) + (w != null && w.isTensor() ? w.bytes(0) : 0) + (b != null && b.isTensor() ? b.bytes(0) : 0);
        return new OpWork(OpCategory.NORM, 14.0 * grad.elements(), bytes, TensorTypes.dtype(grad.type()), false,
                "shape=" + dims(grad.dims()) + " backward");
    }

    private static OpWork unaryLike(OpShapes op, OpCategory category, double flopsPerElement) {
        OpShapes.Input x = tensor(op, 0);
        return new OpWork(category, flopsPerElement * x.elements(), 2 * x.bytes(0), TensorTypes.dtype(x.type()), false,
                "shape=" + dims(x.dims()));
    }

    private static OpWork elementwise(OpShapes op, OpCategory category, double flopsPerElement, boolean boolOut) {
        List<OpShapes.Input> ts = op.tensors();
        require(!ts.isEmpty(), "a tensor input");
        List<long[]> shapes = new ArrayList<>();
        double in = 0;
        double outBpe = 0;
        for (OpShapes.Input t : ts) {
            shapes.add(t.dims());
            in += t.bytes(0);
        }
        outBpe = resultBytes(ts);
        long[] out = broadcast(shapes);
        long n = OpShapes.elements(out);
        double bytes = in + n * (boolOut ? 1 : outBpe);
        return new OpWork(category, flopsPerElement * n, bytes, TensorTypes.dtype(ts.get(0).type()), false,
                "shape=" + dims(out));
    }

    /**
     * Element size of an elementwise result under PyTorch's type promotion, simplified: dimensioned tensors decide
     * over 0-d ones, floating types over integer types, then the widest wins.
     */
    static double resultBytes(List<OpShapes.Input> ts) {
        double best = 0;
        int bestRank = -1;
        for (OpShapes.Input t : ts) {
            boolean floating = TensorTypes.dtype(t.type()) != null && TensorTypes.dtype(t.type()) != Dtype.INT8;
            int rank = (t.dims().length > 0 ? 2 : 0) + (floating ? 1 : 0);
            double b = TensorTypes.bytes(t.type());
            if (rank > bestRank || (rank == bestRank && b > best)) {
                best = b;
                bestRank = rank;
            }
        }
        return best;
    }

    private static OpWork outArguments(OpShapes op) {
        List<OpShapes.Input> ts = op.tensors();
        require(!ts.isEmpty(), "a tensor input");
        double bytes = 0;
        long elements = 0;
        for (OpShapes.Input t : ts) {
            bytes += t.bytes(0);
            elements = Math.max(elements, t.elements());
        }
        boolean norm = op.name().contains("norm");
        return new OpWork(norm ? OpCategory.NORM : OpCategory.ELEMENTWISE, (norm ? 4.0 : 1.0) * elements, bytes,
                TensorTypes.dtype(ts.get(0).type()), false, "shape=" + dims(ts.get(ts.size() > 1 ? 1 : 0).dims()));
    }

    private static OpWork reduction(OpShapes op, boolean scan) {
        OpShapes.Input x = tensor(op, 0);
        long[] d = x.dims();
        long outElements;
        if (scan) {
            outElements = x.elements();
        } else {
            String dimText = op.concrete(1);
            long[] reduced = dimText.startsWith("[") || dimText.matches("-?\\d+")
                    ? list(dimText, Math.max(1, dimText.split(",").length), 0) : null;
            if (reduced == null || d.length == 0) {
                outElements = 1;
            } else {
                outElements = x.elements();
                for (long r : reduced) {
                    int axis = (int) (r < 0 ? r + d.length : r);
                    if (axis >= 0 && axis < d.length && d[axis] > 0) {
                        outElements /= d[axis];
                    }
                }
            }
        }
        double bytes = x.bytes(0) + outElements * TensorTypes.bytes(x.type());
        return new OpWork(OpCategory.REDUCTION, x.elements(), bytes, TensorTypes.dtype(x.type()), false,
                "shape=" + dims(d));
    }

    private static OpWork copy(OpShapes op) {
        OpShapes.Input dst = tensor(op, 0);
        OpShapes.Input src = tensor(op, 1);
        return new OpWork(OpCategory.COPY, 0, dst.bytes(0) + src.bytes(0), TensorTypes.dtype(src.type()), false,
                "shape=" + dims(dst.dims()) + (dst.type().equals(src.type()) ? "" : " " + src.type() + "→" + dst.type()));
    }

    private static OpWork toCopy(OpShapes op) {
        OpShapes.Input x = tensor(op, 0);
        String to = TensorTypes.fromScalarTypeCode(op.concrete(1));
        double outBpe = to != null ? TensorTypes.bytes(to) : TensorTypes.bytes(x.type());
        return new OpWork(OpCategory.COPY, 0, x.bytes(0) + x.elements() * outBpe, TensorTypes.dtype(x.type()), false,
                "shape=" + dims(x.dims()));
    }

    private static OpWork concat(OpShapes op) {
        OpShapes.Input list = op.input(0);
        require(list != null && !list.shapes().isEmpty() && !list.isTensor(), "a tensor list with its shapes");
        double bpe = 0;
        for (OpShapes.Input t : op.inputs()) {
            bpe = Math.max(bpe, TensorTypes.bytes(t.type()));
        }
        double b = list.bytes(bpe > 0 ? bpe : 2);
        return new OpWork(OpCategory.COPY, 0, 2 * b, null, false, "inputs=" + list.shapes().size());
    }

    private static OpWork fill(OpShapes op) {
        OpShapes.Input x = tensor(op, 0);
        return new OpWork(OpCategory.COPY, 0, x.bytes(0), TensorTypes.dtype(x.type()), false, "shape=" + dims(x.dims()));
    }

    private static OpWork embedding(OpShapes op) {
        OpShapes.Input w = tensor(op, 0);
        OpShapes.Input idx = tensor(op, 1);
        long d = w.dims()[w.dims().length - 1];
        double rows = (double) idx.elements() * d * TensorTypes.bytes(w.type());
        return new OpWork(OpCategory.COPY, 0, 2 * rows + idx.bytes(0), TensorTypes.dtype(w.type()), false,
                "rows=" + idx.elements() + " d=" + d);
    }

    // ---- helpers ----

    private static OpShapes.Input tensor(OpShapes op, int i) {
        OpShapes.Input in = op.input(i);
        require(in != null && in.isTensor(), "tensor argument " + i);
        return in;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("shapes do not fit: " + what);
        }
    }

    private static long[] leading(long[] d, int drop) {
        return d.length <= drop ? new long[0] : java.util.Arrays.copyOf(d, d.length - drop);
    }

    /** NumPy broadcasting of several shapes. */
    static long[] broadcast(List<long[]> shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        java.util.Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] != 1) {
                    out[o] = out[o] == 1 ? s[i] : Math.max(out[o], s[i]);
                }
            }
        }
        return out;
    }

    /** Dims as {@code 8944x1024}. */
    public static String dims(long[] d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            b.append(i == 0 ? "" : "x").append(d[i]);
        }
        return b.length() == 0 ? "scalar" : b.toString();
    }

    /** The dtype ids the model knows, for messages. */
    static String dtypeId(Dtype d) {
        return d == null ? "other" : d.id().toLowerCase(Locale.ROOT);
    }
}
