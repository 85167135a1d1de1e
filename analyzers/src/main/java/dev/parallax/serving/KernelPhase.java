package dev.parallax.serving;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells prefill from decode by attention-kernel names, for steps whose annotation does not say: paged
 * attention and split-KV kernels serve decode (vLLM {@code paged_attention_*}, ROCm {@code pa_*},
 * FlashAttention {@code flash_fwd_splitkv}, FlashInfer {@code BatchDecode*}, SGLang {@code decode_attention});
 * variable-length and batch-prefill kernels serve prefill (FlashAttention {@code flash_fwd_kernel}/
 * {@code varlen}, CK {@code FmhaBatchPrefill}/{@code fmha_fwd}, FlashInfer {@code BatchPrefill*}, Triton
 * {@code attn_fwd}, SGLang {@code extend_attention}). Unified kernels (vLLM {@code kernel_unified_attention})
 * serve both and decide nothing.
 */
public final class KernelPhase {
    private static final Pattern DECODE = Pattern.compile(
            "paged_attention|(^|[^a-z])pa_|splitkv|batchdecode|decode_attention|flash_decoding|mla_decode|decode_kernel");
    private static final Pattern PREFILL = Pattern.compile(
            "prefill|fmha_fwd|fmhafwd|flash_fwd_kernel|varlen|attn_fwd|extend_attention|context_attention");

    private KernelPhase() {
    }

    /** 1 for a decode kernel, 2 for a prefill kernel, 0 otherwise. */
    public static int of(String kernelName) {
        String n = kernelName.toLowerCase(Locale.ROOT);
        if (n.contains("unified_attention")) {
            return 0;
        }
        if (DECODE.matcher(n).find()) {
            return 1;
        }
        if (PREFILL.matcher(n).find()) {
            return 2;
        }
        return 0;
    }

    /** The phase given by the kernel kinds seen in a step (bit 1 decode, bit 2 prefill). */
    public static StepPhase fromMask(int mask) {
        return switch (mask & 3) {
            case 1 -> StepPhase.DECODE;
            case 2 -> StepPhase.PREFILL;
            case 3 -> StepPhase.MIXED;
            default -> StepPhase.UNKNOWN;
        };
    }
}
