package dev.parallax.model.pipeline;

/**
 * Closed-form pipeline bubbles for equal stage times, as published. p stages, m micro-batches, v chunks;
 * t_f, t_b are a stage's forward and whole backward time (for the zero-bubble forms T_B and T_W are the two
 * halves of the backward, t_b = T_B + T_W).
 */
public final class BubbleFormulas {
    private BubbleFormulas() {
    }

    /** GPipe and 1F1B bubble time (p−1)·(t_f + t_b) (Narayanan et al. 2021, §2.2.1). */
    public static double oneFOneBBubbleTime(int p, double tf, double tb) {
        return (p - 1) * (tf + tb);
    }

    /** GPipe and 1F1B bubble as a fraction of the ideal time m·(t_f + t_b): (p−1)/m (Narayanan et al. 2021, §2.2.1). */
    public static double oneFOneBBubbleRatioToIdeal(int p, int m) {
        return (p - 1.0) / m;
    }

    /** The same bubble as a fraction of the whole iteration: (p−1)/(m+p−1). */
    public static double oneFOneBBubbleFraction(int p, int m) {
        return (p - 1.0) / (m + p - 1.0);
    }

    /** Interleaved 1F1B bubble time (1/v)·(p−1)·(t_f + t_b) (Narayanan et al. 2021, §2.2.2). */
    public static double interleavedBubbleTime(int p, int v, double tf, double tb) {
        return (p - 1) * (tf + tb) / v;
    }

    /** Interleaved bubble as a fraction of the ideal time: (1/v)·(p−1)/m (Narayanan et al. 2021, §2.2.2). */
    public static double interleavedBubbleRatioToIdeal(int p, int m, int v) {
        return (p - 1.0) / (v * (double) m);
    }

    /** 1F1B bubble in Zero Bubble's terms (Qi et al. 2024, §3.1): (p−1)(T_F + T_B + T_W). */
    public static double zeroBubbleOneFOneB(int p, double tF, double tB, double tW) {
        return (p - 1) * (tF + tB + tW);
    }

    /** ZB-H1 bubble (Qi et al. 2024, §3.1): (p−1)(T_F + T_B − T_W), at 1F1B's activation memory. */
    public static double zbH1(int p, double tF, double tB, double tW) {
        return Math.max(0, (p - 1) * (tF + tB - tW));
    }

    /** ZB-H2 bubble (Qi et al. 2024, §3.1): (p−1)(T_F + T_B − 2T_W), zero when T_F + T_B ≤ 2T_W; 2p−1 micro-batches in flight. */
    public static double zbH2(int p, double tF, double tB, double tW) {
        return Math.max(0, (p - 1) * (tF + tB - 2 * tW));
    }

    /**
     * Whether the published closed form holds for m micro-batches: always for GPipe, 1F1B and interleaved
     * 1F1B; ZB-H1 needs m ≥ p (enough weight passes to fill the cool-down) and ZB-H2 m ≥ 2p−1 (enough forwards
     * for its longer warm-up). With fewer micro-batches the simulator's bubble is larger than the formula.
     */
    public static boolean closedFormApplies(ScheduleKind kind, int p, int m) {
        return switch (kind) {
            case GPIPE, ONE_F_ONE_B, INTERLEAVED -> true;
            case ZB_H1 -> m >= p;
            case ZB_H2 -> m >= 2 * p - 1;
        };
    }

    /** The closed-form bubble time of a schedule kind for equal stage times. */
    public static double bubbleTime(ScheduleKind kind, int p, int v, double tF, double tB, double tW) {
        return switch (kind) {
            case GPIPE, ONE_F_ONE_B -> oneFOneBBubbleTime(p, tF, tB + tW);
            case INTERLEAVED -> interleavedBubbleTime(p, v, tF, tB + tW);
            case ZB_H1 -> zbH1(p, tF, tB, tW);
            case ZB_H2 -> zbH2(p, tF, tB, tW);
        };
    }

    /**
     * Vocabulary imbalance (Yeung et al. 2024, "Balancing Pipeline Parallelism with Vocabulary Parallelism",
     * arXiv 2411.05288, §3): the output layer costs ≈ 2V/(24d + 4s) of a transformer layer's compute.
     */
    public static double outputLayerComputeRatio(double vocab, double hidden, double seq) {
        return 2 * vocab / (24 * hidden + 4 * seq);
    }

    /** Same source: the output layer holds ≈ V/(12d) of a transformer layer's parameters. */
    public static double outputLayerParameterRatio(double vocab, double hidden) {
        return vocab / (12 * hidden);
    }
}
