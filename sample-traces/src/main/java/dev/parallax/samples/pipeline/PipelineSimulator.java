package dev.parallax.samples.pipeline;

import dev.parallax.samples.core.SeededRandom;
import dev.parallax.samples.pipeline.PipelineSchedule.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * Discrete-event simulation of one pipeline iteration. Each stage runs its ops in schedule order, one at a time;
 * an op starts when the stage is free and its input has arrived: the forward of micro-batch i on virtual stage k
 * needs the forward of i on virtual stage k−1 plus the point-to-point latency; the backward needs the backward
 * on virtual stage k+1 plus the latency (the last virtual stage's backward needs only its own forward). Bubbles
 * (warm-up, cool-down and stalls behind a slow stage) are what this produces, not an input.
 *
 * <p>Virtual stage k = chunk·p + stage (Megatron-LM's layout for interleaved schedules).
 */
public final class PipelineSimulator {
    /** A simulated op: the pass, its virtual stage, start and end (ns), and when its input was sent. */
    public record TimedOp(Op op, int stage, int virtualStage, long start, long end, long inputSentAt,
                          long inputArrival) {
        /** True when the input came from another stage (so a receive precedes the op). */
        public boolean receives() {
            return inputSentAt >= 0;
        }
    }

    private final PipelineOptions o;

    /** A simulator for the given options. */
    public PipelineSimulator(PipelineOptions options) {
        options.validate();
        this.o = options;
    }

    /** Nominal forward time (ns) of one micro-batch through virtual stage {@code vs}. */
    public long forwardNs(int vs) {
        return Math.round(passUs(vs, o.forwardUs) * 1000);
    }

    /** Nominal backward time (ns) of one micro-batch through virtual stage {@code vs}. */
    public long backwardNs(int vs) {
        return Math.round(passUs(vs, o.backwardUs) * 1000);
    }

    private double passUs(int vs, double stageUs) {
        int p = o.stages;
        int v = o.effectiveChunks();
        int stage = vs % p;
        double t = stageUs / v;
        if (stage == o.slowStage) {
            t *= o.slowFactor;
        }
        if (vs == p * v - 1) {
            t += stageUs * o.vocabExtra;
        }
        return t;
    }

    /** Point-to-point latency (ns). */
    public long p2pNs() {
        return Math.round(o.p2pUs * 1000);
    }

    /**
     * Simulates one iteration starting at {@code t0} (ns); returns each stage's ops in execution order.
     * {@code rng} supplies the per-op duration noise (unused when the options' jitter is 0).
     */
    public List<List<TimedOp>> simulate(long t0, SeededRandom rng) {
        int p = o.stages;
        int v = o.effectiveChunks();
        int m = o.microbatches;
        int vsCount = p * v;
        long[][] fEnd = new long[vsCount][m];
        long[][] bEnd = new long[vsCount][m];
        for (int k = 0; k < vsCount; k++) {
            java.util.Arrays.fill(fEnd[k], -1);
            java.util.Arrays.fill(bEnd[k], -1);
        }
        List<List<Op>> orders = new ArrayList<>();
        List<List<TimedOp>> out = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            orders.add(PipelineSchedule.order(o.schedule, s, p, m, v));
            out.add(new ArrayList<>());
        }
        // Noise is drawn in a fixed order (stage, op index) so it does not depend on the simulation order.
        double[][] noise = new double[p][];
        for (int s = 0; s < p; s++) {
            noise[s] = new double[orders.get(s).size()];
            for (int i = 0; i < noise[s].length; i++) {
                noise[s][i] = o.jitter > 0 ? StrictMath.exp(o.jitter * rng.gaussian()) : 1.0;
            }
        }
        int[] next = new int[p];
        long[] free = new long[p];
        java.util.Arrays.fill(free, t0);
        long lat = p2pNs();
        int remaining = 0;
        for (List<Op> l : orders) {
            remaining += l.size();
        }
        while (remaining > 0) {
            boolean progress = false;
            for (int s = 0; s < p; s++) {
                while (next[s] < orders.get(s).size()) {
                    Op op = orders.get(s).get(next[s]);
                    int vs = op.chunk() * p + s;
                    long sent;
                    long arrival;
                    if (op.forward()) {
                        sent = vs == 0 ? -1 : fEnd[vs - 1][op.microbatch()];
                        if (vs > 0 && sent < 0) {
                            break;
                        }
                        arrival = vs == 0 ? t0 : sent + lat;
                    } else if (vs == vsCount - 1) {
                        long own = fEnd[vs][op.microbatch()];
                        if (own < 0) {
                            break;
                        }
                        sent = -1;
                        arrival = own;
                    } else {
                        sent = bEnd[vs + 1][op.microbatch()];
                        if (sent < 0) {
                            break;
                        }
                        arrival = sent + lat;
                    }
                    long nominal = op.forward() ? forwardNs(vs) : backwardNs(vs);
                    long dur = Math.max(1, Math.round(nominal * noise[s][next[s]]));
                    long start = Math.max(free[s], arrival);
                    long end = start + dur;
                    (op.forward() ? fEnd : bEnd)[vs][op.microbatch()] = end;
                    out.get(s).add(new TimedOp(op, s, vs, start, end, sent, arrival));
                    free[s] = end;
                    next[s]++;
                    remaining--;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("pipeline schedule deadlocked (generator bug)");
            }
        }
        return out;
    }
}
