package dev.parallax.model.training;

/**
 * Training FLOPs of a GPT-style transformer after Narayanan et al., "Efficient Large-Scale Language Model
 * Training on GPU Clusters Using Megatron-LM" (SC 2021), §5.1 and Appendix:
 * <ul>
 *   <li>FLOPs per iteration with full activation recomputation
 *       F = 96 · B · s · l · h² · (1 + s/(6h) + V/(16·l·h)); without recomputation the transformer part is
 *       three forward passes instead of four: F = 72 · B · s · l · h² · (1 + s/(6h) + V/(12·l·h));</li>
 *   <li>parameters P = 12 · l · h² · (1 + 13/(12h) + (V + s)/(12·l·h));</li>
 *   <li>end-to-end training time ≈ 8 · T · P / (n · X) for T tokens on n GPUs at X FLOP/s each
 *       (6 · T · P / (n · X) without recomputation).</li>
 * </ul>
 * B batch (sequences), s sequence length, l layers, h hidden size, V vocabulary.
 */
public final class MegatronFlops {
    private MegatronFlops() {
    }

    /** FLOPs of one training iteration (forward, backward and, if {@code recompute}, the recomputed forward). */
    public static double perIteration(double batch, double seq, double layers, double hidden, double vocab,
                                      boolean recompute) {
        double k = recompute ? 96.0 : 72.0;
        double v = recompute ? 16.0 : 12.0;
        return k * batch * seq * layers * hidden * hidden * (1 + seq / (6 * hidden) + vocab / (v * layers * hidden));
    }

    /** Parameter count of the paper's GPT models (§5.1). */
    public static double parameters(double layers, double hidden, double vocab, double seq) {
        return 12 * layers * hidden * hidden * (1 + 13 / (12 * hidden) + (vocab + seq) / (12 * layers * hidden));
    }

    /** Training time in seconds for {@code tokens} tokens (8·T·P/(n·X), or 6·T·P/(n·X) without recomputation). */
    public static double trainingSeconds(double tokens, double parameters, int gpus, double flopsPerGpu,
                                         boolean recompute) {
        return (recompute ? 8.0 : 6.0) * tokens * parameters / (gpus * flopsPerGpu);
    }

    /** Achieved FLOP/s per GPU: F / (iteration time · n). */
    public static double achievedFlopsPerGpu(double flopsPerIteration, double iterationSeconds, int gpus) {
        return flopsPerIteration / (iterationSeconds * gpus);
    }
}
