package dev.parallax.model.pipeline;

import java.util.Arrays;

/**
 * Inputs of a pipeline schedule simulation. Times are per stage for the stage's whole share of the model;
 * with v chunks each chunk's pass takes a v-th of it. In schedules that do not split the backward, a B pass
 * lasts T_B + T_W.
 *
 * @param stages          p
 * @param microbatches    m
 * @param chunks          v, model chunks per device (interleaved schedule; 1 otherwise)
 * @param forwardSeconds  T_F per stage
 * @param backwardSeconds T_B (input gradient) per stage
 * @param weightSeconds   T_W (weight gradient) per stage
 * @param p2pSeconds      latency of sending an activation or gradient to the neighbouring stage
 */
public record PipelineConfig(int stages, int microbatches, int chunks, double[] forwardSeconds,
                             double[] backwardSeconds, double[] weightSeconds, double p2pSeconds) {

    public PipelineConfig {
        if (stages < 1 || microbatches < 1 || chunks < 1) {
            throw new IllegalArgumentException("stages, micro-batches and chunks must be at least 1");
        }
        forwardSeconds = check("T_F", forwardSeconds, stages);
        backwardSeconds = check("T_B", backwardSeconds, stages);
        weightSeconds = check("T_W", weightSeconds, stages);
        if (p2pSeconds < 0 || Double.isNaN(p2pSeconds)) {
            throw new IllegalArgumentException("p2p latency must not be negative");
        }
    }

    private static double[] check(String what, double[] v, int stages) {
        if (v == null || v.length != stages) {
            throw new IllegalArgumentException(what + " needs one value per stage (" + stages + "), got "
                    + (v == null ? "none" : v.length));
        }
        for (double x : v) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException(what + " values must be finite and not negative: " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    /** Equal times on every stage. */
    public static PipelineConfig uniform(int stages, int microbatches, int chunks, double tf, double tb, double tw,
                                         double p2p) {
        double[] f = new double[stages];
        double[] b = new double[stages];
        double[] w = new double[stages];
        Arrays.fill(f, tf);
        Arrays.fill(b, tb);
        Arrays.fill(w, tw);
        return new PipelineConfig(stages, microbatches, chunks, f, b, w, p2p);
    }

    @Override
    public double[] forwardSeconds() {
        return forwardSeconds.clone();
    }

    @Override
    public double[] backwardSeconds() {
        return backwardSeconds.clone();
    }

    @Override
    public double[] weightSeconds() {
        return weightSeconds.clone();
    }

    double tf(int stage) {
        return forwardSeconds[stage];
    }

    double tb(int stage) {
        return backwardSeconds[stage];
    }

    double tw(int stage) {
        return weightSeconds[stage];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineConfig c && c.stages == stages && c.microbatches == microbatches
                && c.chunks == chunks && c.p2pSeconds == p2pSeconds && Arrays.equals(c.forwardSeconds, forwardSeconds)
                && Arrays.equals(c.backwardSeconds, backwardSeconds) && Arrays.equals(c.weightSeconds, weightSeconds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(forwardSeconds) * 31 + Arrays.hashCode(backwardSeconds) * 17
                + Arrays.hashCode(weightSeconds) + stages + 7 * microbatches + 13 * chunks;
    }

    @Override
    public String toString() {
        return "PipelineConfig[p=" + stages + ", m=" + microbatches + ", v=" + chunks + ", T_F="
                + Arrays.toString(forwardSeconds) + ", T_B=" + Arrays.toString(backwardSeconds) + ", T_W="
                + Arrays.toString(weightSeconds) + ", p2p=" + p2pSeconds + "]";
    }
}
