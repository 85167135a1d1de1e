package dev.parallax.serving;

/**
 * What the serving analysis needs from the theoretical models (package {@code dev.parallax.model}) for one
 * model on one hardware configuration: KV bytes per token, weights, HBM, the capacity bound on concurrency and
 * the prefill (compute) and decode (bandwidth) bounds of Yao Fu 2024 (arXiv 2405.08944). The formulas live in
 * the models package; this interface only names the answers.
 */
public interface ServingBounds {
    /** e.g. {@code llama-2-7b on h100-sxm}. */
    String description();

    /** KV-cache bytes of one token over all layers. */
    double kvBytesPerToken();

    /** Bytes of the model's weights. */
    double weightsBytes();

    /** HBM bytes of the GPUs serving the model. */
    double hbmBytes();

    /** Sequences of {@code contextTokens} whose KV fits in HBM beside the weights (the capacity bound). */
    long maxConcurrency(long contextTokens);

    /** KV tokens that fit in HBM beside the weights: the capacity bound at one token per sequence. */
    default long kvCapacityTokens() {
        return maxConcurrency(1);
    }

    /** Lower bound of the time to prefill {@code batch} sequences of {@code contextTokens} each (seconds). */
    double prefillSeconds(long contextTokens, int batch);

    /** Lower bound of one decode step of {@code batch} sequences at {@code contextTokens} each (seconds). */
    double decodeStepSeconds(long contextTokens, int batch);
}
