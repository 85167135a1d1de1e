package dev.parallax.analysis.longctx;

import java.util.Locale;

/** How one operator's shapes depend on the context length T of the step it runs in. */
public enum SequenceRole {
    /** Prefill attention: N_q and N_kv both grow with T (FLOPs ∝ T²). */
    ATTENTION_PREFILL("attention, N_q = N_kv = T"),
    /** Decode attention: one query token per sequence, N_kv grows with T (KV-cache reads ∝ T). */
    ATTENTION_DECODE("attention, N_kv = T"),
    /** A tokens dimension grows with T: GEMM M in prefill, elementwise ops and KV writes on activations. */
    TOKENS("tokens dimension ∝ T"),
    /** A non-attention op in a decode step that touches the whole KV cache (a dimension = N_kv). */
    KV_READ("KV-cache dimension ∝ T"),
    /** No dimension depends on T (decode GEMMs, norms of one token, the sampler). */
    FIXED("independent of T"),
    /** No shapes, no work model, or attention whose geometry could not be read: its time is kept as measured. */
    UNCLASSIFIED("not classified: kept as measured");

    private final String description;

    SequenceRole(String description) {
        this.description = description;
    }

    /** Lower-case id with dashes for tables and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the role means, for people. */
    public String description() {
        return description;
    }
}
