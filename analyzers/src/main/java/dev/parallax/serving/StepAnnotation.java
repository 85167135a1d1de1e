package dev.parallax.serving;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the name of an inference engine's step annotation says about the step:
 * <ul>
 *   <li>vLLM's model-runner annotation {@code execute_N_context_C(sqQsKsqsqQQsqskQK)_generation_G(sqQsKsqsqQQsqskQK)}:
 *       N scheduled tokens; C prefill (context) requests with Q query tokens and K key (context) tokens in total,
 *       QQ = Σq², QK = Σq·k; G decode (generation) requests likewise (SGLang builds on ROCm write it too);</li>
 *   <li>SGLang's {@code step[DECODE bs=B]}, {@code step[EXTEND bs=B toks=T]} (also PREFILL, MIXED, IDLE);</li>
 *   <li>PyTorch's {@code ProfilerStep#N}: a step of unknown phase (kernel patterns decide it);</li>
 *   <li>engine step slices named {@code prefill}, {@code decode} or {@code mixed} (or anything) whose arguments
 *       give {@code num_prefill_reqs}, {@code num_decode_reqs}, {@code num_prefill_tokens},
 *       {@code num_decode_tokens} and {@code context_tokens} (total context of the batch), see
 *       {@link #fromArgs}.</li>
 * </ul>
 *
 * @param prefillRequests requests in prefill (-1 unknown), prefillTokens their new tokens, prefillContextTokens
 *                        their total context (keys) after the step
 * @param decodeRequests requests in decode (-1 unknown), decodeContextTokens their total context
 */
public record StepAnnotation(StepPhase phase, long tokens, long prefillRequests, long prefillTokens,
                             long prefillContextTokens, long decodeRequests, long decodeContextTokens) {

    private static final Pattern VLLM = Pattern.compile(
            "^execute_(\\d+)_context_(\\d+)\\(sq(\\d+)sk(\\d+)sqsq(\\d+)sqsk(\\d+)\\)"
                    + "_generation_(\\d+)\\(sq(\\d+)sk(\\d+)sqsq(\\d+)sqsk(\\d+)\\)");
    private static final Pattern SGLANG = Pattern.compile(
            "^step\\[(DECODE|EXTEND|PREFILL|MIXED|IDLE|TARGET_VERIFY|DRAFT_EXTEND)\\s+bs=(\\d+)(?:\\s+toks=(\\d+))?\\]");
    private static final Pattern PROFILER_STEP = Pattern.compile("^ProfilerStep#\\d+$");

    /** The annotation's meaning, or null when the name is not a step annotation. */
    public static StepAnnotation parse(String name) {
        Matcher m = VLLM.matcher(name);
        if (m.find()) {
            long ctx = Long.parseLong(m.group(2));
            long gen = Long.parseLong(m.group(7));
            StepPhase phase = ctx > 0 && gen > 0 ? StepPhase.MIXED : ctx > 0 ? StepPhase.PREFILL
                    : gen > 0 ? StepPhase.DECODE : StepPhase.UNKNOWN;
            return new StepAnnotation(phase, Long.parseLong(m.group(1)), ctx, Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), gen, Long.parseLong(m.group(9)));
        }
        m = SGLANG.matcher(name);
        if (m.find()) {
            long bs = Long.parseLong(m.group(2));
            long toks = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
            switch (m.group(1)) {
                case "DECODE":
                case "TARGET_VERIFY":
                    return new StepAnnotation(StepPhase.DECODE, bs, 0, 0, 0, bs, -1);
                case "EXTEND":
                case "PREFILL":
                case "DRAFT_EXTEND":
                    return new StepAnnotation(StepPhase.PREFILL, toks, bs, toks, -1, 0, 0);
                case "MIXED":
                    return new StepAnnotation(StepPhase.MIXED, toks, -1, -1, -1, -1, -1);
                default:
                    return new StepAnnotation(StepPhase.UNKNOWN, 0, 0, 0, 0, 0, 0);
            }
        }
        if (PROFILER_STEP.matcher(name).matches()) {
            return new StepAnnotation(StepPhase.UNKNOWN, -1, -1, -1, -1, -1, -1);
        }
        return null;
    }

    /**
     * A step described by arguments: the phase is the slice's name when it is {@code prefill}, {@code decode}
     * or {@code mixed}, else what the request counts say; the decode requests' context is the batch context
     * less the prefill tokens ({@code -1} arguments are unknown).
     */
    public static StepAnnotation fromArgs(String name, long prefillReqs, long decodeReqs, long prefillTokens,
                                          long decodeTokens, long contextTokens) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        StepPhase phase;
        if (n.startsWith("prefill") || n.startsWith("extend")) {
            phase = StepPhase.PREFILL;
        } else if (n.startsWith("decode")) {
            phase = StepPhase.DECODE;
        } else if (n.startsWith("mixed")) {
            phase = StepPhase.MIXED;
        } else {
            phase = prefillReqs > 0 && decodeReqs > 0 ? StepPhase.MIXED : prefillReqs > 0 ? StepPhase.PREFILL
                    : decodeReqs > 0 ? StepPhase.DECODE : StepPhase.UNKNOWN;
        }
        long tokens = prefillTokens >= 0 || decodeTokens >= 0 ? Math.max(0, prefillTokens) + Math.max(0, decodeTokens)
                : -1;
        long decodeContext = contextTokens >= 0 ? Math.max(0, contextTokens - Math.max(0, prefillTokens)) : -1;
        return new StepAnnotation(phase, tokens, prefillReqs, prefillTokens, -1, decodeReqs, decodeContext);
    }

    /** This annotation with unknown fields filled from {@code other} (phase kept unless unknown). */
    StepAnnotation fillFrom(StepAnnotation o) {
        return new StepAnnotation(phase == StepPhase.UNKNOWN ? o.phase : phase, pick(tokens, o.tokens),
                pick(prefillRequests, o.prefillRequests), pick(prefillTokens, o.prefillTokens),
                pick(prefillContextTokens, o.prefillContextTokens), pick(decodeRequests, o.decodeRequests),
                pick(decodeContextTokens, o.decodeContextTokens));
    }

    private static long pick(long a, long b) {
        return a >= 0 ? a : b;
    }

    /** A copy with another phase. */
    StepAnnotation withPhase(StepPhase p) {
        return new StepAnnotation(p, tokens, prefillRequests, prefillTokens, prefillContextTokens, decodeRequests,
                decodeContextTokens);
    }
}
