package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.Ceilings;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.model.roofline.Bound;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * The measured prefill or decode steps of a trace projected to other context lengths: at each T the mean over the
 * phase's steps of their operators' projected time, split by {@link OpClass} and by the roof that limits each op.
 */
public final class Projection {
    private final List<InferenceStep> steps;
    private final boolean peak;
    private final Ceilings ceilings;
    private final WorkModel model;

    /** A projection of {@code steps} (all of one phase). */
    public Projection(List<InferenceStep> steps, boolean peak, Ceilings ceilings, WorkModel model) {
        this.steps = List.copyOf(steps);
        this.peak = peak;
        this.ceilings = ceilings;
        this.model = model;
    }

    /** Whether the phase was traced. */
    public boolean present() {
        return !steps.isEmpty();
    }

    /** The steps projected. */
    public List<InferenceStep> steps() {
        return steps;
    }

    /** Mean measured context length T0 of the steps. */
    public long measuredContext() {
        return Math.round(steps.stream().mapToLong(s -> s.shape().context()).average().orElse(0));
    }

    /** Mean batch of the steps. */
    public long batch() {
        return Math.round(steps.stream().mapToLong(s -> s.shape().batch()).average().orElse(0));
    }

    /** Mean measured kernel time of the steps (ns). */
    public double measuredNs() {
        return steps.stream().mapToLong(InferenceStep::measuredNs).average().orElse(0);
    }

    /** Mean projected time at {@code t} by class (ns). */
    public double[] nsByClassAt(long t) {
        double[] sum = new double[OpClass.values().length];
        for (InferenceStep s : steps) {
            double[] one = s.nsByClassAt(t, peak, ceilings, model);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += one[i] / steps.size();
            }
        }
        return sum;
    }

    /** Projected time of one of the steps' operators at {@code t} (ns). */
    public double opNsAt(ScaledOp op, long t) {
        return op.nsAt(t, peak, ceilings, model);
    }

    /** Mean projected step time at {@code t} (ns). */
    public double nsAt(long t) {
        double total = 0;
        for (double v : nsByClassAt(t)) {
            total += v;
        }
        return total;
    }

    /** The roof that limits the larger share of the projected time at {@code t}. */
    public Bound boundAt(long t) {
        double compute = 0;
        double memory = 0;
        for (InferenceStep s : steps) {
            double[] b = s.nsByBoundAt(t, peak, ceilings, model);
            compute += b[0];
            memory += b[1];
        }
        return compute >= memory ? Bound.COMPUTE : Bound.MEMORY;
    }

    /**
     * The smallest context length in [lo, hi] at which {@code holds} turns true, assuming it stays true above;
     * found by bisection on a log scale to within 0.5 %; -1 when it does not hold at {@code hi}.
     */
    public static long firstWhere(long lo, long hi, LongPredicate holds) {
        if (lo < 1 || hi < lo || !holds.test(hi)) {
            return -1;
        }
        if (holds.test(lo)) {
            return lo;
        }
        long a = lo;
        long b = hi;
        while (b > a + 1 && (double) b / a > 1.005) {
            long mid = Math.round(Math.sqrt((double) a * b));
            mid = Math.max(a + 1, Math.min(b - 1, mid));
            if (holds.test(mid)) {
                b = mid;
            } else {
                a = mid;
            }
        }
        return b;
    }
}
