package dev.parallax.model.training;

import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;

/**
 * One training iteration of a model on n GPUs, summarised with both FLOP conventions: Megatron-LM's FLOPs per
 * iteration (hardware FLOPs, with recomputation when asked) and PaLM's model FLOPs (MFU). For MoE models N is
 * the active parameter count (the FLOPs a token really costs).
 *
 * @param flopsPerIteration      Megatron-LM F (see {@link MegatronFlops})
 * @param modelFlopsPerIteration PaLM model FLOPs per token × tokens
 * @param tokensPerSecond        B · s / iteration time
 * @param achievedFlopsPerGpu    F / (time · n)
 * @param mfu                    PaLM model FLOPs utilization
 * @param hfu                    hardware FLOPs utilization, F / (time · n · peak)
 * @param parameters             N used for the model FLOPs
 * @param peakFlopsPerGpu        dense peak of the dtype
 */
public record TrainingEstimate(double flopsPerIteration, double modelFlopsPerIteration, double tokensPerSecond,
                               double achievedFlopsPerGpu, double mfu, double hfu, double parameters,
                               double peakFlopsPerGpu) {

    /** Estimates an iteration of {@code batch} sequences of {@code seq} tokens that took {@code iterationSeconds}. */
    public static TrainingEstimate of(ModelArchitecture model, Hardware hardware, Dtype dtype, int gpus, double batch,
                                      double seq, double iterationSeconds, boolean recompute) {
        if (gpus < 1 || batch <= 0 || seq <= 0 || iterationSeconds <= 0) {
            throw new IllegalArgumentException("gpus, batch, sequence length and iteration time must be positive");
        }
        double f = MegatronFlops.perIteration(batch, seq, model.layers(), model.hidden(), model.vocab(), recompute);
        double n = model.activeParameterCount(true);
        double perToken = PalmMfu.flopsPerToken(n, model.layers(), model.heads(), model.headDim(), seq);
        double tokensPerSecond = batch * seq / iterationSeconds;
        double peak = hardware.peakFlops(dtype);
        double mfu = PalmMfu.mfu(tokensPerSecond, perToken, peak * gpus);
        double achieved = MegatronFlops.achievedFlopsPerGpu(f, iterationSeconds, gpus);
        return new TrainingEstimate(f, perToken * batch * seq, tokensPerSecond, achieved, mfu, achieved / peak, n, peak);
    }
}
