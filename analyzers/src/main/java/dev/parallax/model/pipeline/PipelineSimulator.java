package dev.parallax.model.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a schedule kind and per-stage pass times into the exact timeline. Each stage runs its passes in the
 * schedule's order; a pass starts when its stage is free and its input is there: F needs the previous
 * virtual stage's F of the same micro-batch (plus the p2p latency when it comes from another device), B needs
 * the next virtual stage's B (or, on the last virtual stage, its own F), W needs its own B.
 * Orders: GPipe (Huang et al. 2019); 1F1B and interleaved 1F1B as Megatron-LM's
 * {@code forward_backward_pipelining_with(out)_interleaving} (Narayanan et al. 2021); ZB-H1 and ZB-H2 as the
 * handcrafted schedules of Qi et al., "Zero Bubble Pipeline Parallelism" (ICLR 2024, arXiv 2401.10241, §3.1).
 * Stateless; safe to call from any thread.
 */
public final class PipelineSimulator {
    private PipelineSimulator() {
    }

    /** One scheduled slot before timing: kind, micro-batch, chunk. */
    record Slot(OpKind kind, int microbatch, int chunk) {
    }

    /** Simulates one iteration. */
    public static PipelineTimeline simulate(ScheduleKind kind, PipelineConfig config) {
        return run(kind, config, orders(kind, config));
    }

    static List<List<Slot>> orders(ScheduleKind kind, PipelineConfig c) {
        int p = c.stages();
        int m = c.microbatches();
        if (kind != ScheduleKind.INTERLEAVED && c.chunks() != 1) {
            throw new IllegalArgumentException(kind.id() + " runs one model chunk per stage; use --chunks 1 or the interleaved schedule");
        }
        List<List<Slot>> out = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            List<Slot> o = new ArrayList<>();
            switch (kind) {
                case GPIPE -> {
                    for (int i = 0; i < m; i++) {
                        o.add(new Slot(OpKind.F, i, 0));
                    }
                    for (int i = 0; i < m; i++) {
                        o.add(new Slot(OpKind.B, i, 0));
                    }
                }
                case ONE_F_ONE_B -> oneFOneB(o, p, m, s);
                case INTERLEAVED -> interleaved(o, p, m, c.chunks(), s);
                case ZB_H1 -> zbH1(o, p, m, s);
                case ZB_H2 -> zbH2(o, p, m, s);
                default -> throw new IllegalStateException();
            }
            out.add(o);
        }
        return out;
    }

    private static void oneFOneB(List<Slot> o, int p, int m, int s) {
        int warmup = Math.min(p - s - 1, m);
        for (int i = 0; i < warmup; i++) {
            o.add(new Slot(OpKind.F, i, 0));
        }
        for (int i = 0; i < m - warmup; i++) {
            o.add(new Slot(OpKind.F, warmup + i, 0));
            o.add(new Slot(OpKind.B, i, 0));
        }
        for (int i = m - warmup; i < m; i++) {
            o.add(new Slot(OpKind.B, i, 0));
        }
    }

    /** Megatron-LM's interleaved order: virtual micro-batch k maps to a chunk and a micro-batch in groups of p. */
    private static void interleaved(List<Slot> o, int p, int m, int v, int s) {
        if (v > 1 && m % p != 0) {
            throw new IllegalArgumentException("the interleaved schedule needs the micro-batch count (" + m
                    + ") to be a multiple of the stage count (" + p + ")");
        }
        int total = m * v;
        int warmup = m == p ? total : Math.min((p - s - 1) * 2 + (v - 1) * p, total);
        for (int k = 0; k < warmup; k++) {
            o.add(forwardSlot(k, p, v));
        }
        for (int i = 0; i < total - warmup; i++) {
            o.add(forwardSlot(warmup + i, p, v));
            o.add(backwardSlot(i, p, v));
        }
        for (int i = total - warmup; i < total; i++) {
            o.add(backwardSlot(i, p, v));
        }
    }

    private static Slot forwardSlot(int k, int p, int v) {
        int chunk = (k / p) % v;
        int mb = (k / (p * v)) * p + k % p;
        return new Slot(OpKind.F, mb, chunk);
    }

    private static Slot backwardSlot(int k, int p, int v) {
        int chunk = v - 1 - (k / p) % v;
        int mb = (k / (p * v)) * p + k % p;
        return new Slot(OpKind.B, mb, chunk);
    }

    /**
     * ZB-H1: 1F1B's warm-up (p−s−1 forwards), then stage s runs s rounds of F,B before the steady F,B,W rounds, so
     * it keeps s weight passes back to fill its cool-down bubbles; the last stage defers the most.
     */
    private static void zbH1(List<Slot> o, int p, int m, int s) {
        zeroBubble(o, m, Math.min(p - s - 1, m), s);
    }

    /**
     * ZB-H2: 2(p−s−1) warm-up forwards, so with the first steady forward stage s holds 2(p−s)−1 micro-batches
     * (2p−1 on the first stage) and the first B arrives as its forwards run out; stage s keeps 2s weight passes
     * back, which turns the cool-down trapezoid into a parallelogram without idle time.
     */
    private static void zbH2(List<Slot> o, int p, int m, int s) {
        zeroBubble(o, m, Math.min(2 * (p - s - 1), m), 2 * s);
    }

    /**
     * Generic zero-bubble order: {@code warmup} forwards; then rounds of F (while any is left) and B, with the W of
     * micro-batch i issued after the B of micro-batch i + {@code lag}; the remaining W passes close the stage.
     */
    static void zeroBubble(List<Slot> o, int m, int warmup, int lag) {
        int f = 0;
        int b = 0;
        int w = 0;
        for (; f < warmup; f++) {
            o.add(new Slot(OpKind.F, f, 0));
        }
        while (b < m) {
            if (f < m) {
                o.add(new Slot(OpKind.F, f++, 0));
            }
            o.add(new Slot(OpKind.B, b++, 0));
            if (b - w > lag && w < b) {
                o.add(new Slot(OpKind.W, w++, 0));
            }
        }
        while (w < m) {
            o.add(new Slot(OpKind.W, w++, 0));
        }
    }

    static PipelineTimeline run(ScheduleKind kind, PipelineConfig c, List<List<Slot>> orders) {
        int p = c.stages();
        int m = c.microbatches();
        int v = c.chunks();
        int virtual = p * v;
        boolean split = kind.splitsBackward();
        double[][][] end = new double[3][virtual][m];
        for (double[][] a : end) {
            for (double[] b : a) {
                Arrays.fill(b, Double.NaN);
            }
        }
        int[] next = new int[p];
        double[] free = new double[p];
        List<PipelineOp> ops = new ArrayList<>();
        int remaining = orders.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            boolean progress = false;
            for (int s = 0; s < p; s++) {
                while (next[s] < orders.get(s).size()) {
                    Slot slot = orders.get(s).get(next[s]);
                    int vs = slot.chunk() * p + s;
                    double ready = ready(slot, vs, s, p, virtual, c.p2pSeconds(), end);
                    if (Double.isNaN(ready)) {
                        break;
                    }
                    double start = Math.max(free[s], ready);
                    double duration = duration(slot.kind(), s, c, split) / v;
                    double finish = start + duration;
                    end[slot.kind().ordinal()][vs][slot.microbatch()] = finish;
                    ops.add(new PipelineOp(s, slot.kind(), slot.microbatch(), slot.chunk(), start, finish));
                    free[s] = finish;
                    next[s]++;
                    remaining--;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException(kind.id() + " deadlocks for " + c);
            }
        }
        return new PipelineTimeline(kind.id() + " simulated", p, ops);
    }

    /** When the slot's input is available, or NaN when the producing pass has not been scheduled yet. */
    private static double ready(Slot slot, int vs, int s, int p, int virtual, double p2p, double[][][] end) {
        int mb = slot.microbatch();
        switch (slot.kind()) {
            case F: {
                if (vs == 0) {
                    return 0;
                }
                double e = end[OpKind.F.ordinal()][vs - 1][mb];
                return e + (p > 1 ? p2p : 0);
            }
            case B: {
                if (vs == virtual - 1) {
                    return end[OpKind.F.ordinal()][vs][mb];
                }
                double e = end[OpKind.B.ordinal()][vs + 1][mb];
                return e + (p > 1 ? p2p : 0);
            }
            default:
                return end[OpKind.B.ordinal()][vs][mb];
        }
    }

    private static double duration(OpKind kind, int s, PipelineConfig c, boolean split) {
        return switch (kind) {
            case F -> c.tf(s);
            case B -> split ? c.tb(s) : c.tb(s) + c.tw(s);
            case W -> c.tw(s);
        };
    }
}
