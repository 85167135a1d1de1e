package dev.parallax.model.longcontext;

/**
 * The four bounds of serving a batch of sequences of one context length (Yao Fu 2024, arXiv 2405.08944):
 * HBM capacity (concurrency), compute (prefill), HBM bandwidth (decode) and host link (context switch).
 * Bytes, FLOPs and seconds; totals are over all tensor-parallel GPUs unless named per GPU.
 *
 * @param context                  T, tokens per sequence
 * @param batch                    B, sequences decoded together
 * @param kvBytesPerToken          KV cache of one token, all layers
 * @param kvBytes                  KV cache of one sequence of T tokens
 * @param weightsBytes             all weights
 * @param hbmBytes                 HBM of all GPUs
 * @param maxConcurrency           sequences of length T whose KV fits next to the weights (0 when none fits)
 * @param prefillFlops             FLOPs to prefill the batch
 * @param prefillSeconds           time to prefill the batch at the assumed fraction of peak
 * @param decodeBytesPerStep       bytes read from HBM per decode step (weights once, KV of every sequence)
 * @param decodeSecondsPerToken    time of one decode step (one new token for each of the B sequences)
 * @param decodeTokensPerSecond    B / decodeSecondsPerToken
 * @param contextSwitchSeconds     time to move one sequence's KV between HBM and host memory
 * @param communicationSecondsPerDecodeStep tensor-parallel all-reduce time included in a decode step
 */
public record LongContextCost(long context, int batch, double kvBytesPerToken, double kvBytes, double weightsBytes,
                              double hbmBytes, long maxConcurrency, double prefillFlops, double prefillSeconds,
                              double decodeBytesPerStep, double decodeSecondsPerToken, double decodeTokensPerSecond,
                              double contextSwitchSeconds, double communicationSecondsPerDecodeStep) {

    /** Whether the batch's KV cache fits in HBM next to the weights. */
    public boolean batchFits() {
        return batch <= maxConcurrency;
    }
}
