package dev.parallax.serving;

/** What an inference step did: prompt processing, token generation, both (chunked prefill), or not known. */
public enum StepPhase {
    PREFILL, DECODE, MIXED, UNKNOWN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
