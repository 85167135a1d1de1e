package dev.parallax.analysis.longctx;

/**
 * What the attention calls of one inference step say about it.
 *
 * @param prefill     whether queries span many tokens (prefill) rather than one per sequence (decode)
 * @param batch       sequences in the step
 * @param queryTokens query tokens per sequence (N_q)
 * @param context     context length T0: key/value tokens per sequence (N_kv)
 * @param qHeads      query heads of the attention call
 * @param kvHeads     key/value heads of the attention call
 */
public record StepShape(boolean prefill, long batch, long queryTokens, long context, long qHeads, long kvHeads) {

    /** The step's shape from one of its attention calls. */
    public static StepShape of(AttentionGeometry g) {
        return new StepShape(g.nq() > 1, g.batch(), g.nq(), Math.max(g.nq(), g.nkv()), g.qHeads(), g.kvHeads());
    }

    /**
     * Multiples of the tokens dimension that per-head reshapes produce ({@code [tokens·H, d]} for a q/k norm):
     * query heads, key/value heads, both keys and values, and a fused q/k/v.
     */
    public long[] headMultiples() {
        return new long[]{qHeads, kvHeads, 2 * kvHeads, qHeads + 2 * kvHeads};
    }

    /** {@code "prefill"} or {@code "decode"}. */
    public String phase() {
        return prefill ? "prefill" : "decode";
    }
}
