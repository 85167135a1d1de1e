package dev.parallax.model.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-stage timeline of F/B/W passes, simulated or measured from a trace, with its bubbles. The bubble of a
 * stage is its idle time between its own first start and last end; the timeline's bubble is the largest of
 * the stages' (for 1F1B that is stage 0's (p−1)(T_F+T_B), the figure Megatron-LM and Zero Bubble quote).
 *
 * @param label  what the timeline is ("1f1b simulated", "rank 0-3 measured", ...)
 * @param stages p
 * @param ops    passes sorted by stage, then start
 */
public record PipelineTimeline(String label, int stages, List<PipelineOp> ops) {

    public PipelineTimeline {
        List<PipelineOp> sorted = new ArrayList<>(ops);
        for (PipelineOp op : sorted) {
            if (op.stage() < 0 || op.stage() >= stages) {
                throw new IllegalArgumentException("op on stage " + op.stage() + " outside 0.." + (stages - 1));
            }
        }
        sorted.sort(Comparator.comparingInt(PipelineOp::stage).thenComparingDouble(PipelineOp::start));
        ops = List.copyOf(sorted);
    }

    /** The passes of one stage in start order. */
    public List<PipelineOp> opsOf(int stage) {
        return ops.stream().filter(o -> o.stage() == stage).toList();
    }

    /** Earliest start over all stages. */
    public double start() {
        return ops.stream().mapToDouble(PipelineOp::start).min().orElse(0);
    }

    /** Latest end over all stages. */
    public double end() {
        return ops.stream().mapToDouble(PipelineOp::end).max().orElse(0);
    }

    /** end − start of the whole iteration. */
    public double makespan() {
        return end() - start();
    }

    /** Busy time of a stage (sum of its pass durations). */
    public double busy(int stage) {
        return ops.stream().filter(o -> o.stage() == stage).mapToDouble(PipelineOp::duration).sum();
    }

    /** Last end − first start of a stage. */
    public double span(int stage) {
        List<PipelineOp> s = opsOf(stage);
        if (s.isEmpty()) {
            return 0;
        }
        double first = s.stream().mapToDouble(PipelineOp::start).min().orElse(0);
        double last = s.stream().mapToDouble(PipelineOp::end).max().orElse(0);
        return last - first;
    }

    /** Idle time inside a stage's span. */
    public double bubble(int stage) {
        return Math.max(0, span(stage) - busy(stage));
    }

    /** The largest stage bubble. */
    public double bubbleTime() {
        double max = 0;
        for (int s = 0; s < stages; s++) {
            max = Math.max(max, bubble(s));
        }
        return max;
    }

    /** The stage with the largest bubble (the first one on ties). */
    public int worstStage() {
        int best = 0;
        for (int s = 1; s < stages; s++) {
            if (bubble(s) > bubble(best) + 1e-12) {
                best = s;
            }
        }
        return best;
    }

    /** Bubble ÷ span of the worst stage: (p−1)/(m+p−1) for GPipe and 1F1B. */
    public double bubbleFraction() {
        int s = worstStage();
        double span = span(s);
        return span > 0 ? bubble(s) / span : 0;
    }

    /** Bubble ÷ busy time of the worst stage: Megatron-LM's "fraction of ideal time", (p−1)/m for 1F1B. */
    public double bubbleRatioToIdeal() {
        int s = worstStage();
        double busy = busy(s);
        return busy > 0 ? bubble(s) / busy : 0;
    }

    /** Idle share of all stages over the whole makespan: 1 − Σ busy / (p · makespan). */
    public double idleFraction() {
        double busy = 0;
        for (int s = 0; s < stages; s++) {
            busy += busy(s);
        }
        double total = stages * makespan();
        return total > 0 ? 1 - busy / total : 0;
    }
}
