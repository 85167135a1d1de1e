package dev.parallax.model.training;

/**
 * Model FLOPs utilization as defined by Chowdhery et al., "PaLM: Scaling Language Modeling with Pathways"
 * (2022), §4.1 and Appendix B: MFU = observed tokens/s ÷ (peak FLOP/s ÷ FLOPs per token), with
 * FLOPs per token = 6N + 12·L·H·Q·T (N parameters, L layers, H heads, Q head dimension, T sequence length);
 * rematerialisation is not counted (that is hardware FLOPs utilization).
 */
public final class PalmMfu {
    private PalmMfu() {
    }

    /** Model FLOPs per token: 6N + 12·L·H·Q·T. */
    public static double flopsPerToken(double parameters, double layers, double heads, double headDim, double seq) {
        return 6 * parameters + 12 * layers * heads * headDim * seq;
    }

    /** MFU for a throughput in tokens/s against {@code peakFlops}, the total peak of all chips. */
    public static double mfu(double tokensPerSecond, double flopsPerToken, double peakFlops) {
        return tokensPerSecond * flopsPerToken / peakFlops;
    }
}
