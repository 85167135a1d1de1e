package dev.parallax.samples.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which each pipeline stage runs its forward and backward passes, as Megatron-LM's
 * {@code forward_backward_pipelining_without_interleaving} and {@code ..._with_interleaving} issue them.
 */
public final class PipelineSchedule {
    /** One pass: forward or backward of {@code microbatch} through model chunk {@code chunk}. */
    public record Op(boolean forward, int microbatch, int chunk) {
        /** {@code F3} / {@code B3} (with {@code .c1} for chunk 1 when chunks are used). */
        public String label(boolean withChunk) {
            return (forward ? "F" : "B") + microbatch + (withChunk ? ".c" + chunk : "");
        }
    }

    private PipelineSchedule() {
    }

    /** The op order of stage {@code s} of {@code p}, for {@code m} micro-batches and {@code v} chunks. */
    public static List<Op> order(ScheduleKind kind, int s, int p, int m, int v) {
        return kind == ScheduleKind.INTERLEAVED ? interleaved(s, p, m, v) : oneFOneB(s, p, m);
    }

    private static List<Op> oneFOneB(int s, int p, int m) {
        List<Op> ops = new ArrayList<>();
        int warmup = Math.min(p - s - 1, m);
        int f = 0;
        int b = 0;
        for (; f < warmup; f++) {
            ops.add(new Op(true, f, 0));
        }
        while (f < m) {
            ops.add(new Op(true, f++, 0));
            ops.add(new Op(false, b++, 0));
        }
        while (b < m) {
            ops.add(new Op(false, b++, 0));
        }
        return ops;
    }

    private static List<Op> interleaved(int s, int p, int m, int v) {
        int total = m * v;
        int warmup = Math.min((p - s - 1) * 2 + (v - 1) * p, total);
        List<Op> ops = new ArrayList<>();
        int f = 0;
        int b = 0;
        for (; f < warmup; f++) {
            ops.add(virtual(true, f, p, v));
        }
        while (f < total) {
            ops.add(virtual(true, f++, p, v));
            ops.add(virtual(false, b++, p, v));
        }
        while (b < total) {
            ops.add(virtual(false, b++, p, v));
        }
        return ops;
    }

    /** Megatron's mapping of the k-th virtual micro-batch to (micro-batch, chunk). */
    private static Op virtual(boolean forward, int k, int p, int v) {
        int inGroup = k % (p * v);
        int chunk = inGroup / p;
        if (!forward) {
            chunk = v - 1 - chunk;
        }
        int microbatch = (k / (p * v)) * p + k % p;
        return new Op(forward, microbatch, chunk);
    }
}
